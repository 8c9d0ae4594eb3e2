package io.kgrca.common.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The limits of every field of a {@link Registration} and a {@link Heartbeat} (pure). A value beyond them is
 * rejected as a whole with a {@link Violation} whose reason is a stable code fit for a metric tag; nothing of it is
 * stored or served back. The limits, and why:
 * <ul>
 *   <li>a registry or heartbeat record value is at most {@value #MAX_RECORD_BYTES} bytes (an agent sends a few
 *       hundred);</li>
 *   <li>{@code cluster_name}: at most {@value #MAX_CLUSTER_NAME} characters (a DNS name), no control
 *       characters;</li>
 *   <li>{@code version}: at most {@value #MAX_VERSION} characters, no control characters;</li>
 *   <li>{@code metadata}: at most {@value #MAX_METADATA_ENTRIES} entries; keys match
 *       {@code [A-Za-z0-9][A-Za-z0-9._/-]*} up to {@value #MAX_METADATA_KEY} characters (a label key); values up
 *       to {@value #MAX_METADATA_VALUE} characters without control characters;</li>
 *   <li>{@code registered_at}: not before {@link #EARLIEST} (before Kubernetes existed) and not more than
 *       {@link #AHEAD} after the server's time;</li>
 *   <li>{@code status}: one of {@link #STATUSES} (at most {@value #MAX_STATUS} characters);</li>
 *   <li>{@code metrics}: at most {@value #MAX_METRICS} entries, keys as metadata keys, values numbers, booleans or
 *       strings up to {@value #MAX_METRIC_TEXT} characters (no nested objects or lists), numbers not negative;</li>
 *   <li>{@code timestamp}: within {@link #AHEAD} ahead of and {@link #BEHIND} behind the broker's timestamp of the
 *       record ({@code time-out-of-window}); liveness never uses it, only the skew measurement does.</li>
 * </ul>
 */
public final class FieldLimits {

    /** Largest registry or heartbeat record value, in bytes. */
    public static final int MAX_RECORD_BYTES = 16 * 1024;
    /** Longest cluster name. */
    public static final int MAX_CLUSTER_NAME = 253;
    /** Longest version. */
    public static final int MAX_VERSION = 64;
    /** Most metadata entries. */
    public static final int MAX_METADATA_ENTRIES = 32;
    /** Longest metadata key. */
    public static final int MAX_METADATA_KEY = 63;
    /** Longest metadata value. */
    public static final int MAX_METADATA_VALUE = 1024;
    /** Longest status. */
    public static final int MAX_STATUS = 32;
    /** Most heartbeat metrics. */
    public static final int MAX_METRICS = 64;
    /** Longest text value of a heartbeat metric. */
    public static final int MAX_METRIC_TEXT = 4096;
    /** The heartbeat statuses an agent may send. */
    public static final Set<String> STATUSES = Set.of("healthy", "degraded", "unhealthy", "starting", "stopping",
            "unknown");
    /** How far ahead of the server's time a client time may be. */
    public static final Duration AHEAD = Duration.ofMinutes(10);
    /** How far behind the broker's time a heartbeat's time may be. */
    public static final Duration BEHIND = Duration.ofDays(1);
    /** No client time is older than this. */
    public static final Instant EARLIEST = Instant.parse("2015-01-01T00:00:00Z");

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private FieldLimits() {
    }

    /**
     * Why a value was refused.
     *
     * @param reason a short stable code
     * @param detail a human explanation (never the offending value in full)
     */
    public record Violation(String reason, String detail) {
    }

    /** Checks the size of a record value before it is parsed. */
    public static Optional<Violation> size(byte[] value) {
        if (value != null && value.length > MAX_RECORD_BYTES) {
            return Optional.of(new Violation("record-too-large", value.length + " bytes, at most "
                    + MAX_RECORD_BYTES));
        }
        return Optional.empty();
    }

    /** Checks a registration received when the server's clock said {@code serverTime}. */
    public static Optional<Violation> registration(Registration r, Instant serverTime) {
        Optional<Violation> v = text("cluster-name-invalid", "cluster_name", r.clusterName(), MAX_CLUSTER_NAME);
        if (v.isEmpty()) {
            v = text("version-invalid", "version", r.version(), MAX_VERSION);
        }
        if (v.isEmpty()) {
            v = metadata(r.metadata());
        }
        if (v.isEmpty() && r.registeredAt() != null
                && (r.registeredAt().isBefore(EARLIEST) || r.registeredAt().isAfter(serverTime.plus(AHEAD)))) {
            v = Optional.of(new Violation("time-out-of-window", "registered_at " + r.registeredAt()
                    + " is before " + EARLIEST + " or more than " + AHEAD + " ahead of the server (" + serverTime + ")"));
        }
        return v;
    }

    /** Checks a heartbeat whose record the broker stamped (or the server received) at {@code brokerTime}. */
    public static Optional<Violation> heartbeat(Heartbeat h, Instant brokerTime) {
        if (h.status() != null && (h.status().length() > MAX_STATUS || !STATUSES.contains(h.status()))) {
            return Optional.of(new Violation("status-invalid", "status is not one of " + STATUSES));
        }
        Optional<Violation> v = metrics(h.metrics());
        if (v.isEmpty() && h.timestamp() != null && (h.timestamp().isAfter(brokerTime.plus(AHEAD))
                || h.timestamp().isBefore(brokerTime.minus(BEHIND)))) {
            v = Optional.of(new Violation("time-out-of-window", "timestamp " + h.timestamp() + " is more than " + AHEAD
                    + " ahead of or " + BEHIND + " behind the broker's time " + brokerTime));
        }
        return v;
    }

    private static Optional<Violation> metadata(Map<String, String> metadata) {
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            return Optional.of(new Violation("metadata-invalid", metadata.size() + " metadata entries, at most "
                    + MAX_METADATA_ENTRIES));
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!key(e.getKey())) {
                return Optional.of(new Violation("metadata-invalid", "a metadata key is not a label key of at most "
                        + MAX_METADATA_KEY + " characters"));
            }
            Optional<Violation> v = text("metadata-invalid", "metadata '" + e.getKey() + "'", e.getValue(),
                    MAX_METADATA_VALUE);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> metrics(Map<String, Object> metrics) {
        if (metrics.size() > MAX_METRICS) {
            return Optional.of(new Violation("metrics-invalid", metrics.size() + " metrics, at most " + MAX_METRICS));
        }
        for (Map.Entry<String, Object> e : metrics.entrySet()) {
            Object value = e.getValue();
            boolean ok = key(e.getKey()) && (value == null || value instanceof Boolean
                    || (value instanceof Number n && n.doubleValue() >= 0 && Double.isFinite(n.doubleValue()))
                    || (value instanceof String s && s.length() <= MAX_METRIC_TEXT));
            if (!ok) {
                return Optional.of(new Violation("metrics-invalid", "metric '" + shown(e.getKey())
                        + "' is not a non-negative number, a boolean or a text of at most " + MAX_METRIC_TEXT
                        + " characters under a label key"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> text(String reason, String field, String value, int max) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.length() > max) {
            return Optional.of(new Violation(reason, field + " has " + value.length() + " characters, at most " + max));
        }
        if (CONTROL.matcher(value).find()) {
            return Optional.of(new Violation(reason, field + " contains control characters"));
        }
        return Optional.empty();
    }

    private static boolean key(String k) {
        return k != null && k.length() <= MAX_METADATA_KEY && KEY.matcher(k).matches();
    }

    private static String shown(String s) {
        return s == null ? "null" : s.length() > 64 ? s.substring(0, 64) + "..." : s.replaceAll("\\p{Cntrl}", "?");
    }
}
