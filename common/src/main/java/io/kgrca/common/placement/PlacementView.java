package io.kgrca.common.placement;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current placements as a worker knows them: tenant id to {@link Placement}, written by a
 * {@link PlacementFollower} (or a test), read by the record routers on the loop's thread. Thread-safe.
 *
 * <p>Besides the map it keeps the tenants whose placement was removed by a tombstone (placed nowhere, until placed
 * again), a {@link #version()} that increases with every change (so a loop can tell cheaply whether to look again at
 * what it paused), listeners, and whether the follower has read the topic up to its end once ({@link #caughtUp()}).
 */
public final class PlacementView {

    /** Told of every change, on the follower's thread; must not block. */
    @FunctionalInterface
    public interface Listener {
        /** {@code tenant}'s placement is now {@code placement}; null when a tombstone removed it. */
        void changed(String tenant, Placement placement);
    }

    private final ConcurrentHashMap<String, Placement> placements = new ConcurrentHashMap<>();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong version = new AtomicLong();
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    /** The placement of {@code tenant}, if it has one. */
    public Optional<Placement> get(String tenant) {
        return Optional.ofNullable(placements.get(tenant));
    }

    /** True when a tombstone removed {@code tenant}'s placement and it has not been placed again since. */
    public boolean removed(String tenant) {
        return removed.contains(tenant);
    }

    /** Records {@code placement}; listeners hear of it when it differs from the current one. */
    public void put(Placement placement) {
        Placement before = placements.put(placement.tenant(), placement);
        removed.remove(placement.tenant());
        if (!placement.equals(before)) {
            changed(placement.tenant(), placement);
        }
    }

    /** Removes {@code tenant}'s placement (a tombstone): it is placed nowhere. */
    public void remove(String tenant) {
        Placement before = placements.remove(tenant);
        if (removed.add(tenant) || before != null) {
            changed(tenant, null);
        }
    }

    /** A copy of the current placements. */
    public Map<String, Placement> snapshot() {
        return Map.copyOf(placements);
    }

    /** Increases with every change; starts at 0. */
    public long version() {
        return version.get();
    }

    /** Adds a listener of later changes. */
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Removes a listener. */
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** True once the follower has read the topic to the end it had when it started (or found no topic). */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Marks the view caught up; later calls do nothing. */
    public void markCaughtUp() {
        if (caughtUp.getCount() > 0) {
            caughtUp.countDown();
            version.incrementAndGet();
        }
    }

    /** Waits up to {@code timeout} for {@link #caughtUp()}; returns it. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void changed(String tenant, Placement placement) {
        version.incrementAndGet();
        for (Listener l : listeners) {
            l.changed(tenant, placement);
        }
    }
}
