package io.kgrca.controlplane.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * {@link ControlPlaneMetrics} on Micrometer. Prometheus names: {@code kg_control_plane_spawn_operations_total},
 * {@code kg_control_plane_cleanup_operations_total} (the original's names), {@code ..._respawns_total},
 * {@code ..._spawn_errors_total}, {@code ..._workers_failed_total}, {@code ..._rejected_records_total{source,reason}},
 * {@code ..._orphans_removed_total}, {@code ..._registrations_total{outcome}} (admitted, not-provisioned, paused,
 * tenant-limit), {@code ..._reconcile_duration_seconds}, {@code ..._placements_total{placement}},
 * {@code ..._placement_moves_total{direction,reason}}, {@code ..._placement_drain_seconds},
 * {@code ..._placement_write_failures_total}. Worker names are the only tag besides
 * the rejection reason: no per-tenant tags on counters, so cardinality stays flat with the number of tenants.
 */
public final class MicrometerControlPlaneMetrics implements ControlPlaneMetrics {

    private final MeterRegistry registry;
    private final Timer reconcile;
    private final Counter cleanup;
    private final Counter orphans;

    /** Registers the meters. */
    public MicrometerControlPlaneMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.reconcile = Timer.builder("kg.control.plane.reconcile.duration")
                .description("Time to reconcile one tenant").register(registry);
        this.cleanup = Counter.builder("kg.control.plane.cleanup.operations")
                .description("Dead tenants whose workers and consumer groups were removed").register(registry);
        this.orphans = Counter.builder("kg.control.plane.orphans.removed")
                .description("Labelled containers of unknown tenants removed").register(registry);
        for (String w : new String[]{"event-normalizer", "log-normalizer", "graph-builder"}) {
            counter("kg.control.plane.spawn.operations", "Workers started", w);
            counter("kg.control.plane.respawns", "Crashed workers started again", w);
            counter("kg.control.plane.spawn.errors", "Worker starts that failed", w);
            counter("kg.control.plane.workers.failed", "Workers that reached FAILED", w);
        }
        rejectedCounter("registry", "none");
    }

    @Override
    public void spawned(String worker) {
        counter("kg.control.plane.spawn.operations", "Workers started", worker).increment();
    }

    @Override
    public void respawned(String worker) {
        counter("kg.control.plane.respawns", "Crashed workers started again", worker).increment();
    }

    @Override
    public void spawnError(String worker) {
        counter("kg.control.plane.spawn.errors", "Worker starts that failed", worker).increment();
    }

    @Override
    public void workerFailed(String worker) {
        counter("kg.control.plane.workers.failed", "Workers that reached FAILED", worker).increment();
    }

    @Override
    public void cleanedUp() {
        cleanup.increment();
    }

    @Override
    public void rejected(String source, String reason) {
        rejectedCounter(source, reason).increment();
    }

    @Override
    public void registration(String outcome) {
        Counter.builder("kg.control.plane.registrations").description("Registrations decided, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void reconciled(Duration elapsed) {
        reconcile.record(elapsed);
    }

    @Override
    public void orphanRemoved() {
        orphans.increment();
    }

    private Counter counter(String name, String description, String worker) {
        return Counter.builder(name).description(description).tag("worker", worker).register(registry);
    }

    private Counter rejectedCounter(String source, String reason) {
        return Counter.builder("kg.control.plane.rejected.records").description("Registry and heartbeat records rejected")
                .tag("source", source).tag("reason", reason).register(registry);
    }

    @Override
    public void placed(String mode) {
        Counter.builder("kg.control.plane.placements").description("Tenants placed for the first time, by placement")
                .tag("placement", mode).register(registry).increment();
    }

    @Override
    public void placementMoved(String direction, String reason) {
        Counter.builder("kg.control.plane.placement.moves").description("Tenants moved between placements")
                .tag("direction", direction).tag("reason", reason).register(registry).increment();
    }

    @Override
    public void placementDrained(Duration elapsed) {
        Timer.builder("kg.control.plane.placement.drain").description("From a move's handoff time to its dedicated "
                + "groups found drained").register(registry).record(elapsed);
    }

    @Override
    public void placementWriteFailed() {
        Counter.builder("kg.control.plane.placement.write.failures").description("Failed writes to cluster.placement")
                .register(registry).increment();
    }
}
