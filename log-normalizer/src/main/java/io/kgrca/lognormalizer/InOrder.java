package io.kgrca.lognormalizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A function applied to every element of a list by the caller's thread and, when the list is long enough to be
 * worth it, by helper threads too (one fewer than the processors, daemons shared by the JVM), the results in the
 * list's order. Threads take chunks of the list from one counter, so an uneven list still spreads. For the pure
 * steps of a poll ({@link LogBatchProcessor}): the function must be safe to call from several threads and should
 * return its failures rather than throw (a throw is passed on to the caller, as from a loop).
 *
 * <p>A helper busy with another caller's list is not waited for: when the caller has done the whole list before
 * a helper started on it, the caller claims the helper's task, which then does nothing.
 */
final class InOrder {

    /** Below this many elements the function runs on the caller's thread alone. */
    static final int PARALLEL_FROM = 64;
    private static final int CHUNK = 16;
    private static final int HELPERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    private static final ExecutorService POOL = HELPERS == 0 ? null : Executors.newFixedThreadPool(HELPERS, r -> {
        Thread t = new Thread(r, "log-normalizer-helper");
        t.setDaemon(true);
        return t;
    });

    private InOrder() {
    }

    /** {@code f} of each element of {@code items}, in order. */
    static <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> f) {
        int n = items.size();
        if (n < PARALLEL_FROM || POOL == null) {
            List<R> out = new ArrayList<>(n);
            for (T item : items) {
                out.add(f.apply(item));
            }
            return out;
        }
        Object[] out = new Object[n];
        AtomicInteger next = new AtomicInteger();
        Runnable share = () -> {
            for (int from = next.getAndAdd(CHUNK); from < n; from = next.getAndAdd(CHUNK)) {
                for (int i = from, to = Math.min(n, from + CHUNK); i < to; i++) {
                    out[i] = f.apply(items.get(i));
                }
            }
        };
        List<Helper> helpers = new ArrayList<>(HELPERS);
        for (int h = 0; h < HELPERS; h++) {
            AtomicBoolean claimed = new AtomicBoolean();
            helpers.add(new Helper(claimed, POOL.submit(() -> {
                if (claimed.compareAndSet(false, true)) {
                    share.run();
                }
            })));
        }
        share.run();
        for (Helper helper : helpers) {
            if (!helper.claimed().compareAndSet(false, true)) {
                await(helper.task()); // it started: wait for the chunk it is on
            }
        }
        @SuppressWarnings("unchecked")
        List<R> results = (List<R>) Arrays.asList(out);
        return results;
    }

    /** A helper's share: claimed by the helper when it starts, or by the caller when it was not needed. */
    private record Helper(AtomicBoolean claimed, Future<?> task) {
    }

    /** Waits for a helper that started; its failure is rethrown as it was. */
    private static void await(Future<?> helper) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    helper.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the results are needed; the interrupt is kept for the caller
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
