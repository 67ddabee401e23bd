package org.imagedownloader.polite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What {@link FairQueue} holds, without its locking: per list, lanes of elements, and the order in which
 * lists and lanes have their turns. Also counts the elements in lanes the gate turned away when it was
 * last asked. Not thread-safe: the queue's lock guards it.
 */
final class Turns<E> {

    /** One list's elements of one lane, in order, and whether the gate turned the lane away when last asked. */
    private static final class Lane<E> extends ArrayDeque<E> {
        boolean turnedAway;
    }

    /** Lists with something queued, in serving order: the head is served next, then goes to the back. */
    private final LinkedHashMap<Object, LinkedHashMap<Object, Lane<E>>> turns = new LinkedHashMap<>();
    private int size;
    private int held;

    void add(Object list, Object lane, E e) {
        Lane<E> queued = turns.computeIfAbsent(list, k -> new LinkedHashMap<>()).computeIfAbsent(lane, k -> new Lane<>());
        queued.addLast(e);
        size++;
        if (queued.turnedAway) {
            held++;
        }
    }

    /**
     * Takes the first element whose lane the gate lets through, looking at the lists in turn and, within a
     * list, at its lanes in turn; the list and the lane served go to the back of their lines. When nothing
     * can go, {@code soonest[0]} says how long until time alone may change that.
     */
    E next(FairQueue.Gate<? super E> gate, long[] soonest) {
        soonest[0] = Long.MAX_VALUE;
        if (size == 0) {
            return null;
        }
        long now = System.nanoTime();
        Iterator<Map.Entry<Object, LinkedHashMap<Object, Lane<E>>>> lists = turns.entrySet().iterator();
        while (lists.hasNext()) {
            Map.Entry<Object, LinkedHashMap<Object, Lane<E>>> list = lists.next();
            LinkedHashMap<Object, Lane<E>> lanes = list.getValue();
            Iterator<Map.Entry<Object, Lane<E>>> inList = lanes.entrySet().iterator();
            while (inList.hasNext()) {
                Map.Entry<Object, Lane<E>> lane = inList.next();
                Lane<E> queued = lane.getValue();
                long wait = gate.tryTake(queued.peekFirst(), now);
                if (wait > 0) {
                    soonest[0] = Math.min(soonest[0], wait);
                    if (!queued.turnedAway) {
                        queued.turnedAway = true;
                        held += queued.size();
                    }
                    continue;
                }
                if (queued.turnedAway) {
                    queued.turnedAway = false;
                    held -= queued.size();
                }
                E e = queued.pollFirst();
                inList.remove();
                if (!queued.isEmpty()) {
                    lanes.put(lane.getKey(), queued);
                }
                lists.remove();
                if (!lanes.isEmpty()) {
                    turns.put(list.getKey(), lanes);
                }
                size--;
                return e;
            }
        }
        return null;
    }

    /** Takes out every element the filter matches: none takes a turn. */
    boolean removeIf(Predicate<? super E> filter) {
        int before = size;
        for (Iterator<LinkedHashMap<Object, Lane<E>>> lists = turns.values().iterator(); lists.hasNext(); ) {
            LinkedHashMap<Object, Lane<E>> lanes = lists.next();
            for (Iterator<Lane<E>> inList = lanes.values().iterator(); inList.hasNext(); ) {
                Lane<E> lane = inList.next();
                int had = lane.size();
                lane.removeIf(filter);
                size -= had - lane.size();
                if (lane.turnedAway) {
                    held -= had - lane.size();
                }
                if (lane.isEmpty()) {
                    inList.remove();
                }
            }
            if (lanes.isEmpty()) {
                lists.remove();
            }
        }
        return size != before;
    }

    E peek() {
        return size == 0 ? null : turns.values().iterator().next().values().iterator().next().peekFirst();
    }

    int size() {
        return size;
    }

    int held() {
        return held;
    }

    void clear() {
        turns.clear();
        size = 0;
        held = 0;
    }

    List<E> all() {
        List<E> all = new ArrayList<>(size);
        turns.values().forEach(lanes -> lanes.values().forEach(all::addAll));
        return all;
    }
}
