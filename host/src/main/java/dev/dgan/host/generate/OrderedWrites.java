package dev.dgan.host.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Encodes and writes samples on a few threads while the caller renders the next batch, and hands
 * their metadata lines back strictly in submission order, so the run log stays a prefix of the
 * samples in index order (the resume point after a kill) whatever order the writes finish in.
 * At most {@code maxPending} writes wait, which bounds the rendered samples held in memory.
 * Writers touch no tensors: what they get is already on the Java heap.
 */
final class OrderedWrites implements AutoCloseable {

    /** A sample's metadata line and how long its encode and write took. */
    record Written(ObjectNode line, long nanos) {}

    /** Takes the lines of finished samples, in order. */
    interface Sink {
        void accept(Written written) throws IOException;
    }

    private final ExecutorService pool;
    private final ArrayDeque<Future<Written>> pending = new ArrayDeque<>();
    private final int maxPending;

    OrderedWrites(int threads, int maxPending) {
        if (threads < 1 || maxPending < 1) throw new IllegalArgumentException("need at least one writer and one pending write");
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dgan-writer");
            t.setDaemon(true);
            return t;
        });
        this.maxPending = maxPending;
    }

    /** Writers for this machine: half its cores (the other half renders), one to four. */
    static int defaultThreads() {
        return Math.clamp(Runtime.getRuntime().availableProcessors() / 2, 1, 4);
    }

    /** Queues one sample's write; first hands finished lines to {@code sink}, waiting only if too many are pending. */
    void submit(Callable<ObjectNode> write, Sink sink) throws IOException {
        while (pending.size() >= maxPending) sink.accept(await(pending.removeFirst()));
        pending.addLast(pool.submit(() -> {
            long start = System.nanoTime();
            ObjectNode line = write.call();
            return new Written(line, System.nanoTime() - start);
        }));
        drainFinished(sink);
    }

    /** Hands over the lines of the writes that have finished at the head of the queue, without waiting. */
    void drainFinished(Sink sink) throws IOException {
        while (!pending.isEmpty() && pending.peekFirst().isDone()) sink.accept(await(pending.removeFirst()));
    }

    /** Waits for every queued write and hands over all their lines. */
    void drainAll(Sink sink) throws IOException {
        while (!pending.isEmpty()) sink.accept(await(pending.removeFirst()));
    }

    private static Written await(Future<Written> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a sample to be written", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof UncheckedIOException io) throw io.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IOException(cause.getMessage(), cause);
        }
    }

    /** Stops the writers after the writes already started; lines not handed over are lost (the resume rewrites them). */
    @Override
    public void close() {
        pending.forEach(f -> f.cancel(false));
        pool.shutdown();
        try {
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) pool.shutdownNow();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
