package io.kgrca.controlplane.plan;

import io.kgrca.controlplane.config.ControlPlaneConfig.RestartPolicy;
import io.kgrca.controlplane.runtime.WorkerInstance;
import io.kgrca.controlplane.runtime.WorkerKind;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * What the control plane remembers of one tenant's workers between reconciles: one crash-loop tracker per worker.
 * Owned by the reconcile thread of its tenant (the work queue never runs two reconciles of a tenant at once); it
 * is dropped with its tenant.
 */
public final class TenantMemory {

    private final RestartPolicy policy;
    private final DoubleSupplier random;
    private final Map<WorkerKind, RestartTracker> trackers = new EnumMap<>(WorkerKind.class);

    /** Memory whose trackers follow {@code policy}, with jitter from {@code random}. */
    public TenantMemory(RestartPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /** The tracker of {@code kind}, created on first use; a new one continues the history {@code found} carries. */
    public RestartTracker tracker(WorkerKind kind, WorkerInstance found, Instant now) {
        return trackers.computeIfAbsent(kind, k -> {
            RestartTracker t = new RestartTracker(policy, random);
            if (found != null) {
                t.adopt(found.history(), now);
            }
            return t;
        });
    }

    /** The tracker of {@code kind}, if one exists. */
    public Optional<RestartTracker> existing(WorkerKind kind) {
        return Optional.ofNullable(trackers.get(kind));
    }

    /** Forgets the crash history of a worker the tenant no longer has. */
    public void drop(WorkerKind kind) {
        trackers.remove(kind);
    }

    /** Clears a worker's crash history, FAILED included (a manual restart). */
    public void reset(WorkerKind kind) {
        existing(kind).ifPresent(RestartTracker::reset);
    }
}
