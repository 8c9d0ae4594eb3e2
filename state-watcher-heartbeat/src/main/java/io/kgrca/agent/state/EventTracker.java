package io.kgrca.agent.state;

import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.tenant.TenantId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which Kubernetes events to send to {@code raw.k8s.events}, keyed {@code <client>::event::<uid>}. An
 * event is sent when it appears or changes (an aggregated event's count and last timestamp move), never again
 * for an identical resync, and never when it is older than the maximum age (the events a fresh list returns
 * after a restart). Deleted events are forgotten without a tombstone: the events topic is not compacted. Pure
 * and single-threaded, like {@link ChangeTracker}.
 */
public final class EventTracker {

    private final TenantId tenant;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<String, EventItem> known = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private boolean leading;

    /**
     * One event as the agent sends it.
     *
     * @param uid    the event's {@code metadata.uid}
     * @param latest its latest occurrence (last timestamp, series, event time or creation), or null
     * @param json   the corev1.Event JSON that is sent
     */
    public record EventItem(String uid, Instant latest, byte[] json) {

        /** Requires uid and json. */
        public EventItem {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(json, "json");
        }

        boolean sameContent(EventItem other) {
            return other != null && Arrays.equals(json, other.json);
        }
    }

    /** A tracker for {@code tenant}; events older than {@code maxAge} are not sent. */
    public EventTracker(TenantId tenant, Clock clock, Duration maxAge) {
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    /** An event was added, changed or re-delivered. */
    public List<Outgoing> upsert(EventItem item) {
        EventItem previous = known.put(item.uid(), item);
        if (!leading || item.sameContent(previous) || stale(item)) {
            return List.of();
        }
        return List.of(outgoing(item));
    }

    /** An event was deleted (expired): forget it. */
    public void delete(String uid) {
        known.remove(uid);
        dirty.remove(uid);
    }

    /** Leadership began: every known event that is still recent is sent (the former leader may have missed it). */
    public List<Outgoing> startLeading() {
        leading = true;
        dirty.clear();
        List<Outgoing> out = new ArrayList<>();
        known.values().stream().filter(e -> !stale(e)).forEach(e -> out.add(outgoing(e)));
        return out;
    }

    /** Leadership ended. */
    public void stopLeading() {
        leading = false;
        dirty.clear();
    }

    /** The send of the event with this wire key failed. */
    public void sendFailed(String key) {
        if (leading) {
            dirty.add(key.substring(key.lastIndexOf(KeyCodec.SEPARATOR) + KeyCodec.SEPARATOR.length()));
        }
    }

    /** Sends again the failed events that still exist and are recent. */
    public List<Outgoing> repair() {
        if (!leading || dirty.isEmpty()) {
            return List.of();
        }
        List<Outgoing> out = new ArrayList<>();
        for (String uid : dirty) {
            EventItem item = known.get(uid);
            if (item != null && !stale(item)) {
                out.add(outgoing(item));
            }
        }
        dirty.clear();
        return out;
    }

    /** Events known. */
    public int size() {
        return known.size();
    }

    /** The wire key of an event. */
    public String key(String uid) {
        return KeyCodec.encodeToString(tenant, "event", uid);
    }

    private boolean stale(EventItem item) {
        return item.latest() != null && item.latest().isBefore(clock.instant().minus(maxAge));
    }

    private Outgoing outgoing(EventItem item) {
        return new Outgoing(Channel.EVENT, key(item.uid()), item.json());
    }
}
