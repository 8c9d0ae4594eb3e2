package io.kgrca.controlplane.security;

import io.kgrca.common.tenant.TenantId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant's Kafka client quotas, set on the broker at provisioning so that a flooding cluster cannot starve the
 * others on the shared topics: {@code producer_byte_rate} (bytes/s per broker; the broker delays a faster
 * client's responses, nothing is lost) and, optionally, {@code request_percentage} (share of the broker's network
 * and I/O threads, in percent of one thread). Zero means "no quota" for each.
 *
 * <p>Which entity carries the quota: on a SASL listener the tenant's principal ({@code user=tenant-<id>}); on a
 * plain listener, where every client is {@code User:ANONYMOUS}, the agent's {@code client.id}
 * ({@code kg-agent-<id>}: the agent's producers and the chart's Vector use it, see {@link #agentClientId}).
 *
 * @param produceBytesPerSecond {@code producer_byte_rate}; 0 = none, else at least 1024
 * @param requestPercentage     {@code request_percentage}; 0 = none, else 1 to 10000
 */
public record TenantQuota(long produceBytesPerSecond, int requestPercentage) {

    /** Kafka's name of the produce quota. */
    public static final String PRODUCER_BYTE_RATE = "producer_byte_rate";
    /** Kafka's name of the request-time quota. */
    public static final String REQUEST_PERCENTAGE = "request_percentage";
    /** The prefix of an agent's {@code client.id}. */
    public static final String AGENT_CLIENT_PREFIX = "kg-agent-";
    /** No quota at all. */
    public static final TenantQuota NONE = new TenantQuota(0, 0);

    /** Refuses a produce quota below 1024 bytes/s (a mistake, not a limit) and percentages outside 0-10000. */
    public TenantQuota {
        if (produceBytesPerSecond < 0 || (produceBytesPerSecond > 0 && produceBytesPerSecond < 1024)) {
            throw new IllegalArgumentException("a produce quota below 1024 bytes/s is a mistake: " + produceBytesPerSecond);
        }
        if (requestPercentage < 0 || requestPercentage > 10_000) {
            throw new IllegalArgumentException("request_percentage must be 0 (none) to 10000: " + requestPercentage);
        }
    }

    /** The {@code client.id} of a tenant's agent producers (and the chart's Vector sink): {@code kg-agent-<id>}. */
    public static String agentClientId(TenantId tenant) {
        return AGENT_CLIENT_PREFIX + tenant.value();
    }

    /** Reads a quota from the broker's description of an entity (absent keys are "none"). */
    public static TenantQuota fromBroker(Map<String, Double> values) {
        Double rate = values.get(PRODUCER_BYTE_RATE);
        Double requests = values.get(REQUEST_PERCENTAGE);
        return new TenantQuota(rate == null ? 0 : rate.longValue(), requests == null ? 0 : requests.intValue());
    }

    /**
     * The tenants among quota entity names {@code <prefix><id>} (names that hold no valid tenant id are skipped).
     */
    public static Map<TenantId, TenantQuota> byTenant(Map<String, TenantQuota> byName, String prefix) {
        Map<TenantId, TenantQuota> byTenant = new TreeMap<>();
        byName.forEach((name, q) -> {
            if (name.startsWith(prefix) && TenantId.isValid(name.substring(prefix.length()))) {
                byTenant.put(TenantId.of(name.substring(prefix.length())), q);
            }
        });
        return byTenant;
    }

    /** Whether no quota is set. */
    public boolean isNone() {
        return produceBytesPerSecond == 0 && requestPercentage == 0;
    }

    /** Kafka's quota keys and values; a null value removes that quota. */
    public Map<String, Double> toBroker() {
        Map<String, Double> ops = new LinkedHashMap<>();
        ops.put(PRODUCER_BYTE_RATE, produceBytesPerSecond == 0 ? null : (double) produceBytesPerSecond);
        ops.put(REQUEST_PERCENTAGE, requestPercentage == 0 ? null : (double) requestPercentage);
        return ops;
    }

    /** A human line: {@code producer_byte_rate=1048576 B/s} / {@code request_percentage=50%}, or {@code none}. */
    @Override
    public String toString() {
        if (isNone()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        if (produceBytesPerSecond > 0) {
            s.append(PRODUCER_BYTE_RATE).append('=').append(produceBytesPerSecond).append(" B/s");
        }
        if (requestPercentage > 0) {
            s.append(s.length() > 0 ? ", " : "").append(REQUEST_PERCENTAGE).append('=').append(requestPercentage).append('%');
        }
        return s.toString();
    }
}
