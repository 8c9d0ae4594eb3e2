package io.kgrca.controlplane.pool;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.placement.TenantRates;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure: every shared tenant's progress from the instances' reports of one pass, and its record rate from two
 * passes (the difference of its record counts over the time between them). A count that went down (an instance
 * restarted and began again) gives no rate for that pass rather than a negative one. Not thread-safe: updated by
 * the pools' thread, read through the immutable snapshots it publishes.
 */
public final class TenantProgressTable implements TenantRates {

    /**
     * One tenant's progress in one worker kind's pool.
     *
     * @param worker          the worker kind
     * @param instance        the instance that reported it
     * @param records         records processed there
     * @param lastProcessedAt when the last one was processed, as reported
     * @param lastBrokerTimestamp the broker timestamp of the last one, as reported
     * @param skipped         records skipped, as reported
     */
    public record Progress(String worker, String instance, long records, Object lastProcessedAt,
                           Object lastBrokerTimestamp, Object skipped) {
    }

    private volatile Map<String, List<Progress>> byTenant = Map.of();
    private volatile Map<TenantId, Double> rates = Map.of();
    private Map<String, Long> lastTotals = Map.of();
    private Instant lastAt;

    /** Replaces the table with the reports of one pass at {@code now}, by worker kind id. */
    public void update(Map<String, List<InstanceReport>> reports, Instant now) {
        Map<String, List<Progress>> next = new HashMap<>();
        Map<String, Long> totals = new HashMap<>();
        reports.forEach((worker, list) -> {
            for (InstanceReport r : list) {
                for (InstanceReport.TenantProgress t : r.tenants()) {
                    next.computeIfAbsent(t.tenant(), k -> new ArrayList<>()).add(new Progress(worker, r.instance(),
                            t.records(), t.lastProcessedAt(), t.lastBrokerTimestamp(), t.skipped()));
                    totals.merge(t.tenant(), t.records(), Long::sum);
                }
            }
        });
        Map<TenantId, Double> nextRates = new HashMap<>();
        if (lastAt != null && now.isAfter(lastAt)) {
            double seconds = Duration.between(lastAt, now).toMillis() / 1000.0;
            totals.forEach((tenant, total) -> {
                Long before = lastTotals.get(tenant);
                if (before != null && total >= before && TenantId.isValid(tenant)) {
                    nextRates.put(TenantId.of(tenant), (total - before) / seconds);
                }
            });
        }
        byTenant = Map.copyOf(next);
        rates = Map.copyOf(nextRates);
        lastTotals = totals;
        lastAt = now;
    }

    /** The tenant's progress in the pools, one entry per instance that reported it; empty when none did. */
    public Optional<List<Progress>> of(TenantId tenant) {
        return Optional.ofNullable(byTenant.get(tenant.value())).map(List::copyOf);
    }

    /** Records per second of {@code tenant} over the last pass, summed over worker kinds; 0 when unknown. */
    public double recordsPerSecond(TenantId tenant) {
        return rates.getOrDefault(tenant, 0.0);
    }

    @Override
    public Map<TenantId, Double> recordsPerSecond() {
        return rates;
    }
}
