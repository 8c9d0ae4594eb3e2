package io.kgrca.common.worker;

import io.kgrca.common.tenant.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link TenantMetrics} on Micrometer: {@code kg.pool.tenant.records}, {@code kg.pool.tenant.outputs} and
 * {@code kg.pool.tenant.rejected} tagged {@code worker} and {@code tenant} (removed when the tenant's processor is
 * closed, so the registry holds meters of live tenants only: a counter that comes back restarts at zero, which
 * Prometheus treats as a reset), {@code kg.pool.processors.live} and {@code kg.pool.processors.closed{reason}}.
 */
public final class MicrometerTenantMetrics implements TenantMetrics {

    private final MeterRegistry registry;
    private final String worker;
    private final AtomicInteger live = new AtomicInteger();
    private final ConcurrentHashMap<TenantId, Counter[]> perTenant = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> closed = new ConcurrentHashMap<>();

    /** Registers the instance's meters. */
    public MicrometerTenantMetrics(MeterRegistry registry, String worker) {
        this.registry = registry;
        this.worker = worker;
        Gauge.builder("kg.pool.processors.live", live, AtomicInteger::doubleValue)
                .description("Live per-tenant processors of this pool instance").tag("worker", worker)
                .register(registry);
    }

    @Override
    public void processed(TenantId tenant, int records, int outputs, int rejected) {
        Counter[] c = perTenant.computeIfAbsent(tenant, this::register);
        c[0].increment(records);
        c[1].increment(outputs);
        c[2].increment(rejected);
    }

    @Override
    public void closed(TenantId tenant, String reason) {
        Counter[] c = perTenant.remove(tenant);
        if (c != null) {
            for (Counter counter : c) {
                registry.remove(counter);
            }
        }
        closed.computeIfAbsent(reason, r -> Counter.builder("kg.pool.processors.closed")
                .description("Per-tenant processors closed: lru, idle, removed").tag("worker", worker)
                .tag("reason", r).register(registry)).increment();
    }

    @Override
    public void live(int processors) {
        live.set(processors);
    }

    private Counter[] register(TenantId tenant) {
        Tags tags = Tags.of("worker", worker, "tenant", tenant.value());
        return new Counter[]{
            Counter.builder("kg.pool.tenant.records").description("Records of the tenant processed")
                    .tags(tags).register(registry),
            Counter.builder("kg.pool.tenant.outputs").description("Outputs of the tenant made durable")
                    .tags(tags).register(registry),
            Counter.builder("kg.pool.tenant.rejected").description("Records of the tenant rejected (dead-lettered)")
                    .tags(tags).register(registry)};
    }
}
