package org.imagedownloader.run;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.imagedownloader.list.ListFile;
import org.imagedownloader.store.FileNamer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a list taken from the inbox, once its run has ended, to the inbox's .done folder, or to .error with
 * a note saying why. A list given on the command line is never moved or written beside.
 */
public final class Archiver {

    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);

    /** Lists taken from here are archived; null when the inbox is not watched. */
    private final Path inbox;

    public Archiver(Path inbox) {
        this.inbox = inbox == null ? null : inbox.toAbsolutePath().normalize();
    }

    /** Sends a list that cannot be worked on to .error, with the reason its opener gave. */
    public void reject(Exchange exchange) throws IOException {
        toError(exchange.getIn().getBody(File.class).toPath(), exchange.getProperty(RunOpener.LIST_ERROR, String.class));
    }

    /**
     * Moves a list whose items have all ended to .done, unless it changed since it was taken: then it stays
     * in the inbox and is taken again, which reads the lines it gained and skips what is saved.
     */
    void toDone(Path listFile, ListFile.Stamp taken) throws IOException {
        if (!fromInbox(listFile)) {
            return;
        }
        if (!ListFile.Stamp.of(listFile).equals(taken)) {
            LOG.info("{} changed since it was taken: it stays in the inbox, to be run again for the lines it"
                    + " gained", listFile.getFileName());
        } else {
            Path done = listFile.resolveSibling(archiveName(listFile, ".done"));
            Files.createDirectories(done.getParent());
            Files.move(listFile, done);
        }
    }

    void toError(Path listFile, String reason) throws IOException {
        if (!fromInbox(listFile)) {
            return; // the CLI reports it
        }
        String archived = archiveName(listFile, ".error");
        Path note = listFile.resolveSibling(archived + ".error.txt");
        Files.createDirectories(note.getParent());
        try {
            Files.writeString(note, listFile.getFileName() + ": " + reason + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Still archive the list: left in the inbox it would fail again at every poll.
            LOG.warn("Cannot write {}: {}", note, e.getMessage());
        }
        Files.move(listFile, listFile.resolveSibling(archived));
        LOG.warn("{} moved to {}: {}", listFile.getFileName(), archived, reason);
    }

    private boolean fromInbox(Path listFile) {
        return inbox != null && inbox.equals(listFile.toAbsolutePath().normalize().getParent());
    }

    /**
     * A path relative to the list's folder, inside the given archive folder, that no earlier list uses:
     * an archive never overwrites what is already there.
     */
    static String archiveName(Path listFile, String archive) {
        Path dir = listFile.resolveSibling(archive);
        String name = listFile.getFileName().toString();
        String candidate = name;
        for (int n = 2; Files.exists(dir.resolve(candidate)) || Files.exists(dir.resolve(candidate + ".error.txt")); n++) {
            candidate = FileNamer.numbered(name, n);
        }
        return archive + "/" + candidate;
    }
}
