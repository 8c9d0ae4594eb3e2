package io.kgrca.agent.run;

import io.kgrca.agent.state.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's own counters, thread-safe: records acknowledged by the broker per channel, tombstones, failed
 * sends, the last error, and the kinds not watched because they are forbidden or not served. They feed the heartbeat's {@code metrics} (real
 * counts) and the Prometheus endpoint.
 */
public final class AgentStats {

    /** A heartbeat reports {@code degraded} while the last error is more recent than this. */
    static final Duration DEGRADED_FOR = Duration.ofMinutes(5);

    private final Clock clock;
    private final Instant startedAt;
    private final Map<Channel, LongAdder> acked = new EnumMap<>(Channel.class);
    private final LongAdder tombstones = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicReference<ErrorNote> lastError = new AtomicReference<>();
    private final Set<String> forbiddenKinds = ConcurrentHashMap.newKeySet();
    private final Set<String> unservedKinds = ConcurrentHashMap.newKeySet();
    private volatile Map<Channel, Counter> counters = Map.of();
    private volatile Counter failureCounter;

    private record ErrorNote(String message, Instant at) {
    }

    /** Counts from now on. */
    public AgentStats(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
        for (Channel c : Channel.values()) {
            acked.put(c, new LongAdder());
        }
    }

    /** Registers the counters as {@code kg.agent.records.sent{channel}} and {@code kg.agent.send.failures}. */
    public void bind(MeterRegistry registry, String tenant) {
        Map<Channel, Counter> map = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            map.put(c, Counter.builder("kg.agent.records.sent").description("records acknowledged by Kafka")
                    .tag("tenant", tenant).tag("channel", c.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        failureCounter = Counter.builder("kg.agent.send.failures").description("records whose send failed")
                .tag("tenant", tenant).register(registry);
        counters = map;
    }

    /** A record was acknowledged. */
    public void acked(Channel channel, boolean tombstone) {
        acked.get(channel).increment();
        if (tombstone) {
            tombstones.increment();
        }
        Counter c = counters.get(channel);
        if (c != null) {
            c.increment();
        }
    }

    /** A send or another operation failed. */
    public void failed(String message) {
        failures.increment();
        // Kept short: the control plane refuses heartbeat metrics texts beyond FieldLimits.MAX_METRIC_TEXT.
        lastError.set(new ErrorNote(message == null || message.length() <= 512 ? message
                : message.substring(0, 512) + "...", clock.instant()));
        Counter c = failureCounter;
        if (c != null) {
            c.increment();
        }
    }

    /** A kind the agent is not allowed to list (RBAC): not watched. Counted once per kind. */
    public void kindForbidden(String kind) {
        forbiddenKinds.add(kind);
    }

    /** A kind the API server does not serve: not watched. Counted once per kind. */
    public void kindUnserved(String kind) {
        unservedKinds.add(kind);
    }

    /** The kinds not watched because the agent may not list them, sorted. */
    public Set<String> forbiddenKinds() {
        return new TreeSet<>(forbiddenKinds);
    }

    /** The kinds not watched because the API server does not serve them, sorted. */
    public Set<String> unservedKinds() {
        return new TreeSet<>(unservedKinds);
    }

    /** Acknowledged records of a channel. */
    public long acked(Channel channel) {
        return acked.get(channel).sum();
    }

    /** Failed sends so far. */
    public long failures() {
        return failures.sum();
    }

    /** {@code healthy}, or {@code degraded} while an error is recent. */
    public String status() {
        ErrorNote e = lastError.get();
        return e != null && e.at().isAfter(clock.instant().minus(DEGRADED_FOR)) ? "degraded" : "healthy";
    }

    /** The heartbeat's {@code metrics}. */
    public Map<String, Object> heartbeatMetrics(int objectsKnown, int eventsKnown) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resources_sent", acked(Channel.RESOURCE));
        m.put("edges_sent", acked(Channel.TOPOLOGY));
        m.put("events_sent", acked(Channel.EVENT));
        m.put("tombstones_sent", tombstones.sum());
        m.put("heartbeats_sent", acked(Channel.HEARTBEAT));
        m.put("send_failures", failures.sum());
        m.put("uptime_seconds", Duration.between(startedAt, clock.instant()).toSeconds());
        m.put("objects_known", objectsKnown);
        m.put("events_known", eventsKnown);
        m.put("kinds_forbidden", forbiddenKinds.size());
        m.put("kinds_unserved", unservedKinds.size());
        if (!forbiddenKinds.isEmpty()) {
            m.put("forbidden_kinds", String.join(",", forbiddenKinds()));
        }
        ErrorNote e = lastError.get();
        if (e != null) {
            m.put("last_error", e.message());
            m.put("last_error_at", e.at().toString());
        }
        return m;
    }
}
