package org.imagedownloader.list;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/** How a list file is read: strict UTF-8, one item per non-blank line that is not a # comment. */
public final class ListFile {

    /** What a first pass over a list found. */
    public record Scan(long lines, long items) {
    }

    /** A file's size and timestamp: a list that changes after it was taken changes one of them. */
    public record Stamp(long size, FileTime modified) {

        public static Stamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.size(), attributes.lastModifiedTime());
        }
    }

    private ListFile() {
    }

    /** A reader that fails on bytes that are not UTF-8 instead of silently replacing them. */
    static Reader open(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 64 * 1024);
    }

    /** Whether a trimmed line is an item rather than blank or a comment. */
    static boolean isItem(String trimmed) {
        return !trimmed.isEmpty() && trimmed.charAt(0) != '#';
    }

    /**
     * Reads the whole list once, so a binary or mis-encoded file is refused before anything is fetched
     * and the start log line can give its size.
     */
    public static Scan scan(Path file, int maxLineChars) throws UnreadableListException {
        long lines = 0;
        long items = 0;
        try (LineReader reader = new LineReader(open(file), maxLineChars)) {
            for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
                lines++;
                if (line.hasNul()) {
                    throw new UnreadableListException("line " + lines + " contains a NUL byte: not a text list");
                }
                if (isItem(line.text().strip())) {
                    items++;
                }
            }
        } catch (CharacterCodingException e) {
            throw new UnreadableListException("not UTF-8 text (invalid bytes after line " + lines + ")");
        } catch (IOException e) {
            throw new UnreadableListException("cannot read: " + e.getMessage());
        }
        return new Scan(lines, items);
    }
}
