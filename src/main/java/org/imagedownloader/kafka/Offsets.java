package org.imagedownloader.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which records of the items topic are done. Items are downloaded in parallel and end in any order, and
 * one of a slow or paused host may stay out long after the records behind it have ended. A committed
 * offset alone says "everything before here is done", so it could not pass that one record without
 * losing it, nor wait for it without holding back every other host of its partition. So a partition is
 * committed as far as it has been read, and the commit's metadata names the records before that point
 * still out (the holes): whoever owns the partition next starts at its first hole and takes only the
 * holes until it reaches the committed offset. What is kept here per partition is the holes alone, so
 * the uncommitted backlog is the items out, however far reading has gone past them.
 *
 * @param <P> a partition
 */
public final class Offsets<P> {

    /** Kafka refuses commit metadata over offset.metadata.max.bytes, 4096 by default. */
    static final int MAX_METADATA = 4000;

    private static final class Partition {
        /** Records read and not ended, and the holes of the commit it was assigned with. */
        final NavigableSet<Long> out = new TreeSet<>();
        /** The next offset to read: everything before it is either ended or out. */
        long read;
        /** Below this, a record that is not out was done by an earlier owner. */
        final long committed;

        Partition(long committed) {
            this.committed = committed;
            this.read = committed;
        }
    }

    /** Where a partition stands at a commit: everything before {@code offset} is done except the holes. */
    public record Commit(long offset, String metadata) {
    }

    private final Map<P, Partition> partitions = new HashMap<>();

    /**
     * A partition this daemon now owns, as its last commit left it.
     *
     * @param logStart its first offset still kept: holes before it are gone with the records
     * @return the offset to start reading at: its first hole, or the committed offset if none
     */
    public synchronized long assigned(P partition, long committed, String metadata, long logStart) {
        Partition p = new Partition(committed);
        p.out.addAll(holes(metadata, committed).tailSet(logStart, true));
        partitions.put(partition, p);
        return p.out.isEmpty() ? committed : p.out.first();
    }

    /** Whether a partition is this daemon's, as far as these offsets know. */
    public synchronized boolean owns(P partition) {
        return partitions.containsKey(partition);
    }

    /**
     * A record read: it is out until it ends. Returns false for one an earlier owner already did (read
     * again on the way from the first hole to the committed offset), which is to be passed by, and for
     * one of a partition not (or no longer) placed here, which is read again from its commit.
     */
    public synchronized boolean taken(P partition, long offset) {
        Partition p = partitions.get(partition);
        if (p == null) {
            return false; // not placed yet (see ItemCommits.assigned), or gone: read again from its commit
        }
        if (offset < p.committed && !p.out.contains(offset)) {
            return false;
        }
        p.out.add(offset);
        p.read = Math.max(p.read, offset + 1);
        return true;
    }

    /** A record whose outcome is published (or that needs none). False if it had ended already, or moved. */
    public synchronized boolean ended(P partition, long offset) {
        Partition p = partitions.get(partition);
        return p != null && p.out.remove(offset);
    }

    /**
     * What to commit for a partition now. Holes are listed from the first on as far as the metadata
     * allows; the committed offset stops at the first hole that did not fit, so a hole is never lost,
     * only the records after it are read again.
     */
    public synchronized Commit commit(P partition) {
        Partition p = partitions.get(partition);
        StringBuilder metadata = new StringBuilder();
        long previous = 0;
        for (long hole : p.out) {
            String next = Long.toString(hole - previous, Character.MAX_RADIX);
            if (metadata.length() + next.length() + 1 > MAX_METADATA) {
                return new Commit(hole, metadata.toString());
            }
            if (!metadata.isEmpty()) {
                metadata.append(',');
            }
            metadata.append(next);
            previous = hole;
        }
        return new Commit(p.read, metadata.toString());
    }

    /** Partitions gone to another daemon: their records are no longer this daemon's to commit. */
    public synchronized void forget(Set<P> gone) {
        partitions.keySet().removeAll(gone);
    }

    /** The holes a commit's metadata names (each before the committed offset), in order. */
    static NavigableSet<Long> holes(String metadata, long committed) {
        NavigableSet<Long> holes = new TreeSet<>();
        if (metadata == null || metadata.isEmpty()) {
            return holes;
        }
        long at = 0;
        try {
            for (String delta : metadata.split(",")) {
                at += Long.parseLong(delta, Character.MAX_RADIX);
                if (at >= committed) {
                    break;
                }
                holes.add(at);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("commit metadata that names no holes: " + metadata, e);
        }
        return holes;
    }
}
