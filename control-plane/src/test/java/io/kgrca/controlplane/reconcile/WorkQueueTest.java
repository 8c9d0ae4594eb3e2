package io.kgrca.controlplane.reconcile;

import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The de-duplicating work queue: one reconcile per tenant at a time, coordinated by latches, not sleeps. */
class WorkQueueTest {

    private static final TenantId A = TenantId.of("af-1");
    private static final TenantId B = TenantId.of("af-2");

    private final Map<TenantId, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<TenantId, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger maxInFlightPerTenant = new AtomicInteger();
    private WorkQueue queue;

    @AfterEach
    void close() throws InterruptedException {
        queue.close();
    }

    private Function<TenantId, Duration> counting(Function<TenantId, Duration> body) {
        return id -> {
            int now = inFlight.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            maxInFlightPerTenant.accumulateAndGet(now, Math::max);
            try {
                calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                return body.apply(id);
            } finally {
                inFlight.get(id).decrementAndGet();
            }
        };
    }

    private int calls(TenantId id) {
        return calls.getOrDefault(id, new AtomicInteger()).get();
    }

    @Test
    void aTenantEnqueuedWhileBeingReconciledRunsOnceMoreAfterwardsNeverConcurrently() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        queue = new WorkQueue(counting(id -> {
            started.countDown();
            waitFor(release);
            return null;
        }), 4);

        queue.enqueue(A);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            queue.enqueue(A);
        }
        assertThat(queue.depth()).isEqualTo(1);
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> calls(A) == 2 && queue.depth() == 0);
        assertThat(calls(A)).as("five enqueues during a run collapse into one more run").isEqualTo(2);
        assertThat(maxInFlightPerTenant.get()).isEqualTo(1);
    }

    @Test
    void differentTenantsAreReconciledInParallel() throws Exception {
        CountDownLatch bRan = new CountDownLatch(1);
        AtomicInteger aSawB = new AtomicInteger();
        queue = new WorkQueue(counting(id -> {
            if (id.equals(A)) {
                aSawB.set(waitFor(bRan) ? 1 : -1);
            } else {
                bRan.countDown();
            }
            return null;
        }), 2);

        queue.enqueue(A);
        queue.enqueue(B);

        await().atMost(Duration.ofSeconds(15)).until(() -> aSawB.get() != 0);
        assertThat(aSawB.get()).as("B ran while A was still running").isEqualTo(1);
    }

    @Test
    void aReturnedDelayBringsTheTenantBackAndAFailureDoesNotStopOthers() {
        queue = new WorkQueue(counting(id -> {
            if (id.equals(B)) {
                throw new IllegalStateException("boom");
            }
            return calls(A) == 1 ? Duration.ofMillis(10) : null;
        }), 1);

        queue.enqueue(B);
        queue.enqueue(A);

        await().atMost(Duration.ofSeconds(10)).until(() -> calls(A) == 2);
        assertThat(calls(B)).isEqualTo(1);
    }

    private static boolean waitFor(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
