package org.imagedownloader.polite;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
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
    private final Turns<E> turns = new Turns<>();

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
            turns.add(list, lane, e);
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

    private E next(long[] soonest) {
        E e = turns.next(gate, soonest);
        if (e != null && turns.size() > 0) {
            changed.signal(); // another taker may find something too (one woken by a wake() took this)
        }
        return e;
    }

    @Override
    public E peek() {
        lock.lock();
        try {
            return turns.peek();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return turns.size();
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
            return turns.held();
        } finally {
            lock.unlock();
        }
    }

    /** Takes out every queued element the filter matches, without asking the gate: none takes a turn. */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        lock.lock();
        try {
            return turns.removeIf(filter);
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
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot, in no particular order, for browsing only: nothing is removed through it. */
    @Override
    public Iterator<E> iterator() {
        lock.lock();
        try {
            return Collections.unmodifiableList(turns.all()).iterator();
        } finally {
            lock.unlock();
        }
    }
}
