package org.imagedownloader.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Which records of the items topic may be committed. Items are downloaded in parallel and end in any
 * order, but a partition's committed offset says "everything before here is done". So each record
 * taken is remembered until its outcome is safely on the outcomes topic, and a partition is committed
 * only up to its first record still out. A daemon that dies leaves every unfinished item uncommitted,
 * for the daemon that gets its partition next to fetch again.
 *
 * @param <P> a partition
 */
public final class Offsets<P> {

    /** Per partition: offsets taken and not yet committable, each with whether it has ended. */
    private final Map<P, TreeMap<Long, Boolean>> partitions = new HashMap<>();

    /** A record handed on to the downloads. */
    public synchronized void taken(P partition, long offset) {
        partitions.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, false);
    }

    /**
     * A record whose outcome is published (or that needs none). Returns the offset its partition may
     * now be committed at (the next record to read after a restart), if that moved.
     */
    public synchronized OptionalLong ended(P partition, long offset) {
        TreeMap<Long, Boolean> out = partitions.get(partition);
        if (out == null || out.replace(offset, true) == null) {
            return OptionalLong.empty(); // ended twice (an outcome sent again): nothing more to commit
        }
        long next = -1;
        while (!out.isEmpty() && out.firstEntry().getValue()) {
            next = out.pollFirstEntry().getKey() + 1;
        }
        return next < 0 ? OptionalLong.empty() : OptionalLong.of(next);
    }
}
