package org.imagedownloader.run;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.imagedownloader.list.ListReader;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;

/**
 * A run's items for the splitter. Lines decided while reading (invalid, or a URL repeated) are counted
 * here and then, and never become messages, which keeps a list of a million repeats cheap. Only a decided
 * line too far ahead of the first line still without an outcome is handed on, to wait for its credit
 * like a URL: this iterator itself never waits, since the splitter reads one element ahead of the one it
 * is sending. It holds the element it promised: the splitter asks hasNext, then next, and outcomes come
 * in between.
 */
final class PromisedItems implements Iterator<Item>, Closeable {

    private final ListRun run;
    private final ListReader items;
    private final Consumer<ItemResult> decided;
    private Item promised;

    /** @param decided counts a decided line in its run */
    PromisedItems(ListRun run, ListReader items, Consumer<ItemResult> decided) {
        this.run = run;
        this.items = items;
        this.decided = decided;
    }

    @Override
    public boolean hasNext() {
        while (promised == null && items.hasNext()) {
            Item next = items.next();
            if (next.verdict() == null || !run.hasRoom(next.seq())) {
                promised = next;
            } else {
                decided.accept(ItemResult.decided(next));
            }
        }
        return promised != null;
    }

    @Override
    public Item next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Item next = promised;
        promised = null;
        return next;
    }

    @Override
    public void close() throws IOException {
        items.close();
    }
}
