package org.imagedownloader.message;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The in-process item seam's queue: one FIFO per list, served in turn, so a list dropped while a long one
 * runs gets every other free download slot instead of waiting behind everything the long one has queued.
 * Unbounded by design: each list's sender limits how far it runs ahead of its outcomes.
 */
public final class FairQueue<E> extends AbstractQueue<E> implements BlockingQueue<E> {

    private final Function<? super E, ?> keyOf;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Lists with something queued, in serving order: the head is served next, then goes to the back. */
    private final LinkedHashMap<Object, ArrayDeque<E>> turns = new LinkedHashMap<>();
    private int size;

    public FairQueue(Function<? super E, ?> keyOf) {
        this.keyOf = keyOf;
    }

    @Override
    public boolean offer(E e) {
        Object key = keyOf.apply(e);
        lock.lock();
        try {
            turns.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(e);
            size++;
            notEmpty.signal();
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

    @Override
    public E poll() {
        lock.lock();
        try {
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public E take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                notEmpty.await();
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the head of the list whose turn it is; a list with more queued goes to the back of the line. */
    private E next() {
        if (size == 0) {
            return null;
        }
        Iterator<Map.Entry<Object, ArrayDeque<E>>> first = turns.entrySet().iterator();
        Map.Entry<Object, ArrayDeque<E>> turn = first.next();
        first.remove();
        ArrayDeque<E> queued = turn.getValue();
        E e = queued.pollFirst();
        if (!queued.isEmpty()) {
            turns.put(turn.getKey(), queued);
        }
        size--;
        return e;
    }

    @Override
    public E peek() {
        lock.lock();
        try {
            return size == 0 ? null : turns.values().iterator().next().peekFirst();
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

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        lock.lock();
        try {
            int n = 0;
            for (E e; n < maxElements && (e = next()) != null; n++) {
                c.add(e);
            }
            return n;
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
            turns.values().forEach(all::addAll);
            return Collections.unmodifiableList(all).iterator();
        } finally {
            lock.unlock();
        }
    }
}
