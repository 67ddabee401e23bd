package org.imagedownloader.run;

import java.io.File;
import java.util.function.BooleanSupplier;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * The inbox's filter: a list already open is not taken again, nor any while no more may open or the
 * seams are not ready.
 */
public final class InboxFilter implements GenericFileFilter<File> {

    private final OpenRuns runs;
    private volatile BooleanSupplier seamsReady = () -> true;

    public InboxFilter(OpenRuns runs) {
        this.runs = runs;
    }

    /** Lists are taken only while this says the seams can carry their messages (Kafka's brokers answer). */
    public void setSeamsReady(BooleanSupplier seamsReady) {
        this.seamsReady = seamsReady;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        return file.isDirectory() || !runs.isOpen(file.getFile().toPath())
                && runs.haveSlot() && seamsReady.getAsBoolean();
    }
}
