package io.kgrca.agent.state;

import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.EdgeRecord;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.tenant.TenantId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which resource and edge records to send: only changes against what was last sent per key, so an
 * informer resync that changes nothing sends nothing. Pure (no I/O) and single-threaded.
 *
 * <p>It always keeps the desired state (every object and every edge derived from them), leader or not. As
 * leader it returns, for each change, the upserts whose content differs from what was last sent and a
 * tombstone for each key that disappeared. As a standby it returns nothing but remembers the keys that
 * disappeared within the handover window: when it takes over ({@link #startLeading()}) it sends everything
 * it knows and tombstones those keys, because the former leader may have died before it could.
 * {@link #snapshot()} re-sends everything; a failed send marks its key as unknown and {@link #repair()} sends
 * it again.
 */
public final class ChangeTracker {

    /** The sent state of a key whose last send failed. */
    private static final Object UNKNOWN = new Object();
    private static final int MAX_GONE = 100_000;

    private final TenantId tenant;
    private final Clock clock;
    private final Duration handoverWindow;
    private final String resourcePrefix;
    private final String edgePrefix;
    private final ClusterView view = new ClusterView();
    private final Map<String, Object> desired = new HashMap<>();
    private final Map<ResourceRef, Set<String>> edgesByEndpoint = new HashMap<>();
    private final Map<String, Object> sent = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final LinkedHashMap<String, Instant> goneWhileStandby = new LinkedHashMap<>();
    private boolean leading;

    /** A tracker for {@code tenant}; {@code clock} stamps the records' {@code at}. */
    public ChangeTracker(TenantId tenant, Clock clock, Duration handoverWindow) {
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.handoverWindow = Objects.requireNonNull(handoverWindow, "handoverWindow");
        this.resourcePrefix = KeyCodec.encodeToString(tenant, "resource", "x").replaceFirst("x$", "");
        this.edgePrefix = KeyCodec.encodeToString(tenant, "edge", "x").replaceFirst("x$", "");
    }

    /** An object was added or changed (or re-delivered by a resync). */
    public List<Outgoing> upsert(ResourceRecord record) {
        ResourceRecord timeless = ResourceMaps.at(record, null);
        boolean unchanged = view.put(timeless).map(timeless::equals).orElse(false);
        Set<String> touched = new LinkedHashSet<>();
        touched.add(resourceKey(timeless.ref()));
        desired.put(resourceKey(timeless.ref()), timeless);
        // The edges derived from an object depend on its own record (and on the others', whose changes rederive
        // them): an unchanged record, as every resync delivers, cannot change them.
        if (!unchanged) {
            rederive(timeless.ref(), TopologyRules.derivedFrom(timeless, view), touched);
        }
        return emit(touched);
    }

    /** An object was deleted. */
    public List<Outgoing> delete(ResourceRef ref) {
        view.remove(ref);
        Set<String> touched = new LinkedHashSet<>();
        touched.add(resourceKey(ref));
        desired.remove(resourceKey(ref));
        rederive(ref, Set.of(), touched);
        return emit(touched);
    }

    /** This replica became the leader: everything it knows, plus tombstones for what went away meanwhile. */
    public List<Outgoing> startLeading() {
        leading = true;
        sent.clear();
        dirty.clear();
        List<Outgoing> out = new ArrayList<>();
        Instant now = clock.instant();
        pruneGone(now);
        for (String key : goneWhileStandby.keySet()) {
            if (!desired.containsKey(key)) {
                out.add(new Outgoing(channelOf(key), key, null));
            }
        }
        goneWhileStandby.clear();
        desired.forEach((key, value) -> {
            out.add(stamped(key, value, now));
            sent.put(key, value);
        });
        return out;
    }

    /** This replica lost (or gave up) leadership: it sends nothing until it leads again. */
    public void stopLeading() {
        leading = false;
        sent.clear();
        dirty.clear();
    }

    /** True while leading. */
    public boolean leading() {
        return leading;
    }

    /** The full state again (the periodic snapshot); nothing when not leading. */
    public List<Outgoing> snapshot() {
        if (!leading) {
            return List.of();
        }
        List<Outgoing> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Iterator<String> it = sent.keySet().iterator(); it.hasNext(); ) {
            String key = it.next();
            if (!desired.containsKey(key)) {
                out.add(new Outgoing(channelOf(key), key, null));
                it.remove();
            }
        }
        desired.forEach((key, value) -> {
            out.add(stamped(key, value, now));
            sent.put(key, value);
        });
        dirty.clear();
        return out;
    }

    /** The send of {@code key} failed: its sent state is unknown until {@link #repair()}. */
    public void sendFailed(String key) {
        if (leading) {
            sent.put(key, UNKNOWN);
            dirty.add(key);
        }
    }

    /** Sends again what failed: the current value, or a tombstone when the object is gone. */
    public List<Outgoing> repair() {
        if (!leading || dirty.isEmpty()) {
            return List.of();
        }
        Set<String> keys = new LinkedHashSet<>(dirty);
        dirty.clear();
        keys.forEach(k -> sent.put(k, UNKNOWN));
        return emit(keys);
    }

    /** Objects known. */
    public int objectCount() {
        return view.size();
    }

    /** Keys (resources and edges) currently desired. */
    public int desiredCount() {
        return desired.size();
    }

    /** Keys whose send is waiting for {@link #repair()}. */
    public int pendingRepairs() {
        return dirty.size();
    }

    /** The wire key of a resource, {@code <client>::resource::<ref id>}. */
    public String resourceKey(ResourceRef ref) {
        // The prefix was built by KeyCodec's rules once; ids are Kubernetes names, which hold no control characters.
        return resourcePrefix + ref.id();
    }

    /** The wire key of an edge, {@code <client>::edge::<edge id>}. */
    public String edgeKey(EdgeRecord edge) {
        return edgePrefix + edge.id();
    }

    private void rederive(ResourceRef ref, Set<EdgeRecord> fresh, Set<String> touched) {
        Map<String, EdgeRecord> freshByKey = new LinkedHashMap<>();
        fresh.forEach(e -> freshByKey.put(edgeKey(e), e));
        for (String key : new ArrayList<>(edgesByEndpoint.getOrDefault(ref, Set.of()))) {
            EdgeRecord old = (EdgeRecord) desired.get(key);
            if (old != null && TopologyRules.isDerivedFrom(old, ref) && !freshByKey.containsKey(key)) {
                removeEdge(key, old);
                touched.add(key);
            }
        }
        freshByKey.forEach((key, edge) -> {
            if (!edge.equals(desired.get(key))) {
                desired.put(key, edge);
                edgesByEndpoint.computeIfAbsent(edge.from(), k -> new HashSet<>()).add(key);
                edgesByEndpoint.computeIfAbsent(edge.to(), k -> new HashSet<>()).add(key);
                touched.add(key);
            }
        });
    }

    private void removeEdge(String key, EdgeRecord edge) {
        desired.remove(key);
        unindex(edge.from(), key);
        unindex(edge.to(), key);
    }

    private void unindex(ResourceRef ref, String key) {
        Set<String> keys = edgesByEndpoint.get(ref);
        if (keys != null) {
            keys.remove(key);
            if (keys.isEmpty()) {
                edgesByEndpoint.remove(ref);
            }
        }
    }

    private List<Outgoing> emit(Set<String> keys) {
        Instant now = clock.instant();
        if (!leading) {
            for (String key : keys) {
                goneWhileStandby.remove(key);
                if (!desired.containsKey(key)) {
                    goneWhileStandby.put(key, now);
                }
            }
            pruneGone(now);
            return List.of();
        }
        List<Outgoing> out = new ArrayList<>();
        for (String key : keys) {
            Object value = desired.get(key);
            if (value == null) {
                if (sent.remove(key) != null) {
                    out.add(new Outgoing(channelOf(key), key, null));
                }
            } else if (!value.equals(sent.get(key))) {
                out.add(stamped(key, value, now));
                sent.put(key, value);
            }
        }
        return out;
    }

    private void pruneGone(Instant now) {
        Instant horizon = now.minus(handoverWindow);
        Iterator<Map.Entry<String, Instant>> it = goneWhileStandby.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Instant> e = it.next();
            if (e.getValue().isBefore(horizon) || goneWhileStandby.size() > MAX_GONE) {
                it.remove();
            } else {
                break;
            }
        }
    }

    private Outgoing stamped(String key, Object value, Instant now) {
        if (value instanceof ResourceRecord r) {
            return new Outgoing(Channel.RESOURCE, key, ResourceMaps.at(r, now));
        }
        return new Outgoing(Channel.TOPOLOGY, key, ResourceMaps.at((EdgeRecord) value, now));
    }

    private Channel channelOf(String key) {
        return key.startsWith(resourcePrefix) ? Channel.RESOURCE : Channel.TOPOLOGY;
    }
}
