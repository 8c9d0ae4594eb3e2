package io.kgrca.controlplane.reconcile;

import io.kgrca.common.retry.ExponentialBackoff;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.cleanup.GroupCleaner;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The last step of a dead tenant: once its workers are gone, delete its consumer groups, release its ports and
 * record when that happened. A group that is not empty yet (a worker's session has not expired) or a failing
 * Admin call is retried with a capped exponential backoff; the log warns while it retries and raises an error once
 * when the retries have gone on for long. Idempotent: a tenant cleaned up once is not cleaned again until it comes
 * back to life.
 */
final class TenantCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(TenantCleanup.class);
    /** After this many attempts the retries go on, but an error is logged once. */
    static final int ATTEMPTS_BEFORE_ERROR = 10;

    private final GroupCleaner cleaner;
    private final PortPlan ports;
    private final ControlPlaneMetrics metrics;
    private final Clock clock;
    private final DoubleSupplier random;
    private final ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(30),
            0.2);
    private final Map<TenantId, Instant> done = new ConcurrentHashMap<>();
    private final Map<TenantId, Integer> attempts = new ConcurrentHashMap<>();

    TenantCleanup(GroupCleaner cleaner, PortPlan ports, ControlPlaneMetrics metrics, Clock clock,
                  DoubleSupplier random) {
        this.cleaner = cleaner;
        this.ports = ports;
        this.metrics = metrics;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Deletes the tenant's groups unless that was done already. Returns empty when the tenant is clean (now or
     * before), else when to try again.
     */
    Optional<Duration> run(TenantId id) {
        if (done.containsKey(id)) {
            return Optional.empty();
        }
        int attempt = attempts.merge(id, 1, Integer::sum);
        String why;
        try {
            if (cleaner.deleteGroups(id)) {
                done.put(id, clock.instant());
                attempts.remove(id);
                ports.release(id);
                metrics.cleanedUp();
                return Optional.empty();
            }
            why = "a consumer group is not empty yet";
        } catch (Exception e) {
            why = "consumer-group deletion failed: " + e;
        }
        Duration wait = backoff.delay(attempt, random.getAsDouble());
        if (attempt == ATTEMPTS_BEFORE_ERROR) {
            LOG.error("cleanup still incomplete after {} attempts ({}); retrying every {} at most",
                    attempt, why, backoff.cap());
        } else if (attempt < ATTEMPTS_BEFORE_ERROR) {
            LOG.warn("{}; cleanup attempt {} retried in {}", why, attempt, wait);
        }
        return Optional.of(wait);
    }

    /** True once the tenant was cleaned up (and has not come back since). */
    boolean isDone(TenantId id) {
        return done.containsKey(id);
    }

    /** When the tenant was cleaned up, or null. */
    Instant doneAt(TenantId id) {
        return done.get(id);
    }

    /** The tenants with cleanup state (done or retrying). */
    Set<TenantId> tenants() {
        Set<TenantId> ids = new HashSet<>(done.keySet());
        ids.addAll(attempts.keySet());
        return ids;
    }

    /** The tenant is alive again: a later death needs a new cleanup. */
    void forget(TenantId id) {
        done.remove(id);
        attempts.remove(id);
    }
}
