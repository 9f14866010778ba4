package digits.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Coalesces concurrent calls into batches, the way an inference server's dynamic batcher does:
 * what arrives while the batches run (or within the window before one starts) goes through the
 * next forward pass together, up to {@code maxBatch} items. Up to {@code lanes} batches run at
 * once, lane {@code 0..lanes-1}, each with its own copy of the network and its own memory: with
 * a lane per core, each pass runs on one thread and no core waits for another inside a pass.
 *
 * <p>A caller that finds a lane free runs a batch on it, for everyone queued, and the others
 * wait to be woken, so a lone call costs no hand-off between threads (on this machine, waking a
 * parked thread costs a quarter of a lone image's pass). A call larger than {@code maxBatch} (an
 * evaluation) is cut into batches; after each piece is taken the rest goes to the back of the
 * queue, so that calls arriving meanwhile are not held up by all of it, and helper threads take
 * its next pieces on the other lanes at the same time.
 *
 * <p>No call waits longer than the window plus the batches queued before it: a runner waits the
 * window only while fewer than {@code maxBatch} items are queued.
 *
 * @param <I> one input
 * @param <O> its result
 */
final class DynamicBatcher<I, O> {

    /** One forward pass over a batch on one lane; answers one result per input, in order. */
    interface Forward<I, O> {
        List<O> run(List<I> inputs, int lane);
    }

    private final Forward<I, O> forward;
    private final int maxBatch;
    private final long windowNanos;
    private final int lanes;
    private final ConcurrentLinkedQueue<Call<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedItems = new AtomicInteger();
    /** Held while a batch is taken from the queue, never during a pass. */
    private final ReentrantLock taking = new ReentrantLock();
    /** Bit {@code k} set while lane {@code k} runs a batch. */
    private final AtomicInteger busyLanes = new AtomicInteger();
    private volatile ExecutorService helpers;
    private final AtomicInteger lanesUsed = new AtomicInteger();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong items = new AtomicLong();

    DynamicBatcher(Forward<I, O> forward, int maxBatch, long window, TimeUnit unit, int lanes) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (lanes < 1 || lanes > 30) {
            throw new IllegalArgumentException("lanes must be 1 to 30, got " + lanes);
        }
        this.forward = forward;
        this.maxBatch = maxBatch;
        this.windowNanos = Math.max(0, unit.toNanos(window));
        this.lanes = lanes;
    }

    /** A caller's inputs, the part of them already handed to batches, and its results. */
    private static final class Call<I, O> {
        final List<I> inputs;
        final Thread caller = Thread.currentThread();
        final Object[] results;
        int taken; // inputs handed to batches so far (changed only under the lock)
        final AtomicInteger done = new AtomicInteger(); // inputs answered
        volatile RuntimeException failure;

        Call(List<I> inputs) {
            this.inputs = inputs;
            this.results = new Object[inputs.size()];
        }

        boolean finished() {
            return failure != null || done.get() == inputs.size();
        }
    }

    /** A part of one call in a batch: its inputs {@code from .. from + count}. */
    private record Piece<I, O>(Call<I, O> call, int from, int count) {}

    /** The results for {@code inputs}, in order, computed together with whatever else is queued. */
    @SuppressWarnings("unchecked")
    List<O> submit(List<I> inputs) {
        if (inputs.isEmpty()) {
            return List.of();
        }
        Call<I, O> mine = new Call<>(inputs);
        queue.add(mine);
        queuedItems.addAndGet(inputs.size());
        if (inputs.size() > maxBatch && lanes > 1) {
            // A call of several batches (an evaluation) alone would keep the other lanes idle:
            // helpers run its next pieces on them meanwhile (the hand-off is nothing to its length).
            for (int k = 1; k < lanes; k++) {
                helpers().execute(this::help);
            }
        }
        while (!mine.finished()) {
            if (runOnAFreeLane(mine)) {
                continue;
            }
            // Woken when answered or when it is this call's turn to run; the timeout only bounds
            // the cost of an unforeseen missed wake-up.
            LockSupport.parkNanos(this, 10_000_000);
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        List<O> out = new ArrayList<>(mine.results.length);
        for (Object o : mine.results) {
            out.add((O) o);
        }
        return out;
    }

    /** Batches run so far, and the items they held: their ratio is the mean batch size. */
    long batches() {
        return batches.get();
    }

    long items() {
        return items.get();
    }

    /** How many lanes have run a batch so far. */
    int lanesUsed() {
        return Integer.bitCount(lanesUsed.get());
    }

    /**
     * Runs one batch of what is queued on a free lane, if there is one: true when it ran one.
     * {@code mine}, when finished meanwhile, needs no batch.
     */
    private boolean runOnAFreeLane(Call<I, O> mine) {
        int lane = tryTakeLane();
        if (lane < 0) {
            return false;
        }
        boolean ran;
        try {
            ran = (mine == null || !mine.finished()) && runOneBatch(lane);
        } finally {
            busyLanes.getAndUpdate(b -> b & ~(1 << lane));
        }
        // Whoever is first in line now runs the next batch on the lane just freed.
        Call<I, O> next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.caller);
        }
        return ran;
    }

    /** A helper's work: batches on free lanes while anything is queued. */
    private void help() {
        while (queuedItems.get() > 0 && runOnAFreeLane(null)) {
            // the next batch
        }
    }

    private ExecutorService helpers() {
        ExecutorService h = helpers;
        if (h == null) {
            synchronized (this) {
                if (helpers == null) {
                    // Threads only while a large call runs: they end after a few idle seconds.
                    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, lanes - 1, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "digits-batch-helper");
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.DiscardPolicy());
                    helpers = pool;
                }
                h = helpers;
            }
        }
        return h;
    }

    /** A free lane, now marked busy, or -1. */
    private int tryTakeLane() {
        while (true) {
            int busy = busyLanes.get();
            int free = Integer.numberOfTrailingZeros(~busy);
            if (free >= lanes) {
                return -1;
            }
            if (busyLanes.compareAndSet(busy, busy | (1 << free))) {
                return free;
            }
        }
    }

    /** Runs one batch of what is queued on {@code lane}; false when nothing was queued. */
    private boolean runOneBatch(int lane) {
        if (queuedItems.get() <= 0) {
            return false;
        }
        if (windowNanos > 0) {
            long deadline = System.nanoTime() + windowNanos;
            // Until the batch is full, or another lane took what was queued (this call's too).
            for (long left, q; (q = queuedItems.get()) > 0 && q < maxBatch && (left = deadline - System.nanoTime()) > 0;) {
                LockSupport.parkNanos(this, Math.min(left, 100_000));
            }
        }
        List<Piece<I, O>> pieces = new ArrayList<>();
        List<I> batch = new ArrayList<>(Math.min(maxBatch, Math.max(1, queuedItems.get())));
        taking.lock();
        try {
            // Only a taker removes from the queue, under this lock, so a poll sees what a peek saw.
            for (Call<I, O> c; batch.size() < maxBatch && (c = queue.poll()) != null;) {
                if (c.failure != null) {
                    queuedItems.addAndGet(-(c.inputs.size() - c.taken));
                    continue;
                }
                int n = Math.min(c.inputs.size() - c.taken, maxBatch - batch.size());
                batch.addAll(c.inputs.subList(c.taken, c.taken + n));
                pieces.add(new Piece<>(c, c.taken, n));
                c.taken += n;
                if (c.taken < c.inputs.size()) {
                    queue.add(c); // the rest waits its turn behind the calls that came meanwhile
                }
            }
            queuedItems.addAndGet(-batch.size());
        } finally {
            taking.unlock();
        }
        if (batch.isEmpty()) {
            return false;
        }
        List<O> out;
        try {
            out = forward.run(batch, lane);
            if (out.size() != batch.size()) {
                throw new IllegalStateException("a forward pass answered " + out.size() + " results for " + batch.size() + " inputs");
            }
        } catch (RuntimeException | Error e) {
            RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException(e.toString(), e);
            for (Piece<I, O> p : pieces) {
                p.call().failure = failure;
                LockSupport.unpark(p.call().caller);
            }
            return true;
        }
        batches.incrementAndGet();
        items.addAndGet(batch.size());
        lanesUsed.getAndUpdate(u -> u | (1 << lane));
        int at = 0;
        for (Piece<I, O> p : pieces) {
            Call<I, O> c = p.call();
            for (int k = 0; k < p.count(); k++) {
                c.results[p.from() + k] = out.get(at + k);
            }
            at += p.count();
            if (c.done.addAndGet(p.count()) == c.inputs.size()) {
                LockSupport.unpark(c.caller);
            }
        }
        return true;
    }
}
