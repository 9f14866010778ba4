package digits.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Coalesces concurrent calls into batches, the way an inference server's dynamic batcher does:
 * what arrives while a batch runs (or within the window before it starts) goes through the next
 * forward pass together, up to {@code maxBatch} items. There is no thread of its own: a caller
 * that finds no batch running runs one, for everyone queued, and the others wait to be woken, so
 * a lone call costs no hand-off between threads. A call larger than {@code maxBatch} (an
 * evaluation) is cut into batches and goes to the back of the queue after each, so that calls
 * arriving meanwhile are not held up by all of it.
 *
 * <p>No call waits longer than the window plus the batches queued before it: a runner waits the
 * window only while fewer than {@code maxBatch} items are queued.
 *
 * @param <I> one input
 * @param <O> its result
 */
final class DynamicBatcher<I, O> {

    /** One forward pass over a batch; answers one result per input, in order. */
    interface Forward<I, O> {
        List<O> run(List<I> inputs);
    }

    private final Forward<I, O> forward;
    private final int maxBatch;
    private final long windowNanos;
    private final ConcurrentLinkedQueue<Call<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedItems = new AtomicInteger();
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong items = new AtomicLong();

    DynamicBatcher(Forward<I, O> forward, int maxBatch, long window, TimeUnit unit) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.forward = forward;
        this.maxBatch = maxBatch;
        this.windowNanos = Math.max(0, unit.toNanos(window));
    }

    /** A caller's inputs, the part of them already done, and its results. */
    private static final class Call<I, O> {
        final List<I> inputs;
        final Thread caller = Thread.currentThread();
        final List<O> results;
        int taken; // inputs handed to batches so far (only the runner touches it)
        volatile int done; // inputs answered
        volatile RuntimeException failure;

        Call(List<I> inputs) {
            this.inputs = inputs;
            this.results = new ArrayList<>(inputs.size());
        }

        boolean finished() {
            return failure != null || done == inputs.size();
        }
    }

    /** The results for {@code inputs}, in order, computed together with whatever else is queued. */
    List<O> submit(List<I> inputs) {
        if (inputs.isEmpty()) {
            return List.of();
        }
        Call<I, O> mine = new Call<>(inputs);
        queuedItems.addAndGet(inputs.size());
        queue.add(mine);
        while (!mine.finished()) {
            if (running.tryLock()) {
                try {
                    if (!mine.finished()) {
                        runOneBatch();
                    }
                } finally {
                    running.unlock();
                }
                // Whoever is first in line now runs the next batch.
                Call<I, O> next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                // Woken by the runner when answered or when it is this call's turn to run; the
                // timeout only bounds the cost of an unforeseen missed wake-up.
                LockSupport.parkNanos(this, 10_000_000);
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.results;
    }

    /** Batches run so far, and the items they held: their ratio is the mean batch size. */
    long batches() {
        return batches.get();
    }

    long items() {
        return items.get();
    }

    private void runOneBatch() {
        if (windowNanos > 0) {
            long deadline = System.nanoTime() + windowNanos;
            for (long left; queuedItems.get() < maxBatch && (left = deadline - System.nanoTime()) > 0;) {
                LockSupport.parkNanos(this, Math.min(left, 100_000));
            }
        }
        // Only the runner removes from the queue, so a peek followed by a poll sees the same call.
        List<Call<I, O>> calls = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        List<I> batch = new ArrayList<>(maxBatch);
        for (Call<I, O> c; batch.size() < maxBatch && (c = queue.poll()) != null;) {
            int n = Math.min(c.inputs.size() - c.taken, maxBatch - batch.size());
            batch.addAll(c.inputs.subList(c.taken, c.taken + n));
            calls.add(c);
            ranges.add(new int[] {c.taken, n});
            c.taken += n;
        }
        queuedItems.addAndGet(-batch.size());
        List<O> out;
        try {
            out = forward.run(batch);
            if (out.size() != batch.size()) {
                throw new IllegalStateException("a forward pass answered " + out.size() + " results for " + batch.size() + " inputs");
            }
        } catch (RuntimeException | Error e) {
            RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException(e.toString(), e);
            for (Call<I, O> c : calls) {
                queuedItems.addAndGet(-(c.inputs.size() - c.taken));
                c.failure = failure;
                queue.remove(c);
                LockSupport.unpark(c.caller);
            }
            return;
        }
        batches.incrementAndGet();
        items.addAndGet(batch.size());
        int at = 0;
        for (int k = 0; k < calls.size(); k++) {
            Call<I, O> c = calls.get(k);
            int n = ranges.get(k)[1];
            c.results.addAll(out.subList(at, at + n));
            at += n;
            if (c.taken < c.inputs.size()) {
                queue.add(c); // the rest of a large call waits its turn behind the calls that came meanwhile
            } else {
                c.done = c.inputs.size();
                LockSupport.unpark(c.caller);
            }
        }
    }
}
