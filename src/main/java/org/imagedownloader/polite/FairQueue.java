package org.imagedownloader.polite;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The in-process item seam's queue: one FIFO per list, served in turn, so a list dropped while a long one
 * runs gets every other free download slot instead of waiting behind everything the long one has queued.
 * Within a list, items are kept in lanes (one per host), and a {@link Gate} says whether a lane may have
 * a turn now: an item whose host is at its limit, paused or rate-limited stays queued and the next
 * eligible item is handed out instead, so it never holds a download slot another host could use.
 * Unbounded by design: each list's sender limits how far it runs ahead of its outcomes.
 */
public final class FairQueue<E> extends AbstractQueue<E> implements BlockingQueue<E> {

    /** Whether an element's lane may have a turn now. Called under the queue's lock; must not block. */
    public interface Gate<E> {
        /**
         * Takes a turn for the element if its lane allows one now.
         *
         * @return 0 when taken; else the nanoseconds until time alone may allow it, or {@link Long#MAX_VALUE}
         *         when only a turn given back can ({@link FairQueue#wake})
         */
        long tryTake(E element, long nowNanos);
    }

    /** Lets every element through. */
    private static final Gate<Object> OPEN = (e, now) -> 0;
    private static final Object NO_LANE = new Object();

    private final Function<? super E, ?> listOf;
    private final Function<? super E, ?> laneOf;
    private final Gate<? super E> gate;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Lists with something queued, in serving order: the head is served next, then goes to the back. */
    private final LinkedHashMap<Object, LinkedHashMap<Object, Lane<E>>> turns = new LinkedHashMap<>();
    private int size;
    /** Items in lanes the gate last turned away: queued, but not startable soon. */
    private int held;

    /** One list's items of one lane, in order, and whether the gate turned the lane away when last asked. */
    private static final class Lane<E> extends ArrayDeque<E> {
        boolean turnedAway;
    }

    /** A queue fair between lists, with no lanes. */
    public FairQueue(Function<? super E, ?> listOf) {
        this(listOf, e -> NO_LANE, OPEN);
    }

    /** @param laneOf an element's lane within its list (null: no lane, never held back) */
    public FairQueue(Function<? super E, ?> listOf, Function<? super E, ?> laneOf, Gate<? super E> gate) {
        this.listOf = listOf;
        this.laneOf = e -> Objects.requireNonNullElse(laneOf.apply(e), NO_LANE);
        this.gate = gate;
    }

    @Override
    public boolean offer(E e) {
        Object list = listOf.apply(e);
        Object lane = laneOf.apply(e);
        lock.lock();
        try {
            Lane<E> queued = turns.computeIfAbsent(list, k -> new LinkedHashMap<>()).computeIfAbsent(lane, k -> new Lane<>());
            queued.addLast(e);
            size++;
            if (queued.turnedAway) {
                held++;
            }
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(E e) {
        offer(e);
    }

    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) {
        return offer(e);
    }

    /** Tells a waiting taker that a lane may have a turn again (its gate was given a turn back). */
    public void wake() {
        lock.lock();
        try {
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public E poll() {
        lock.lock();
        try {
            return next(new long[1]);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        long[] soonest = new long[1];
        lock.lockInterruptibly();
        try {
            E e;
            while ((e = next(soonest)) == null) {
                if (nanos <= 0) {
                    return null;
                }
                long waiting = Math.min(nanos, soonest[0]);
                nanos -= waiting - changed.awaitNanos(waiting);
            }
            return e;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public E take() throws InterruptedException {
        long[] soonest = new long[1];
        lock.lockInterruptibly();
        try {
            E e;
            while ((e = next(soonest)) == null) {
                if (soonest[0] == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    changed.awaitNanos(soonest[0]);
                }
            }
            return e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the first element whose lane the gate lets through, looking at the lists in turn and, within a
     * list, at its lanes in turn; the list and the lane served go to the back of their lines. When nothing
     * can go, {@code soonest[0]} says how long until time alone may change that.
     */
    private E next(long[] soonest) {
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
                if (size > 0) {
                    changed.signal(); // another taker may find something too (one woken by a wake() took this)
                }
                return e;
            }
        }
        return null;
    }

    @Override
    public E peek() {
        lock.lock();
        try {
            return size == 0 ? null : turns.values().iterator().next().values().iterator().next().peekFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Items queued in lanes the gate turned away when it was last asked (their host busy to its limit,
     * paused or not due yet): what is queued but will not start soon. As current as the last look at
     * each lane, which every taker's poll makes.
     */
    public int held() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** Takes out every queued element the filter matches, without asking the gate: none takes a turn. */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        lock.lock();
        try {
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
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    /** Takes what the gate lets through now, in turn. */
    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        long[] soonest = new long[1];
        lock.lock();
        try {
            int n = 0;
            for (E e; n < maxElements && (e = next(soonest)) != null; n++) {
                c.add(e);
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Drops everything queued, without asking the gate: nothing dropped takes a turn. */
    @Override
    public void clear() {
        lock.lock();
        try {
            turns.clear();
            size = 0;
            held = 0;
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot, in no particular order, for browsing only: nothing is removed through it. */
    @Override
    public Iterator<E> iterator() {
        lock.lock();
        try {
            List<E> all = new ArrayList<>(size);
            turns.values().forEach(lanes -> lanes.values().forEach(all::addAll));
            return Collections.unmodifiableList(all).iterator();
        } finally {
            lock.unlock();
        }
    }
}
