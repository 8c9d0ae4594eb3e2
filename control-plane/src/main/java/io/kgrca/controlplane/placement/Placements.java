package io.kgrca.controlplane.placement;

import io.kgrca.common.model.TenantProvision;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.cleanup.GroupCleaner;
import io.kgrca.controlplane.config.PlacementSettings;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The control plane's side of placements: places every admitted, live tenant once ({@link #dedicated}), moves
 * tenants (the operator through the API, or the {@link PromotionPolicy}), follows each move until its old side is
 * drained ({@link #tick}), and writes a tombstone when a tenant is cleaned up ({@link #tombstoning}). Decisions are
 * {@link HandoffPlanner}'s and {@link PromotionPolicy}'s; the I/O is the {@link PlacementLog} (writes), the
 * {@link PlacementStore} (what {@code cluster.placement} says) and {@link GroupProgress} (the groups' offsets).
 *
 * <p>A move is refused while the tenant's previous move is not complete (its old side not drained): a placement
 * keeps one previous side only, so a second move before that could leave records to nobody.
 *
 * <p>Kept in memory (rebuilt after a restart by {@link #recover}): which moves were found drained, whose dedicated
 * groups were deleted after a drain, the reason of each tenant's last placement, and whether the operator chose
 * it (the promotion policy leaves those alone).
 */
public final class Placements implements TenantPlacement {

    private static final Logger LOG = LoggerFactory.getLogger(Placements.class);

    private final PlacementSettings settings;
    private final PlacementStore store;
    private final PlacementLog log;
    private final GroupProgress progress;
    private final GroupCleaner cleaner;
    private final ControlPlaneMetrics metrics;
    private final Clock clock;
    private final Function<TenantId, TenantProvision> provisions;
    private final Consumer<TenantId> enqueue;
    private final PromotionPolicy policy;
    private volatile TenantRates rates = TenantRates.NONE;
    private final Map<TenantId, Long> drained = new ConcurrentHashMap<>();
    private final Map<TenantId, Long> groupsDeleted = new ConcurrentHashMap<>();
    private final Map<TenantId, String> reasons = new ConcurrentHashMap<>();
    private final Set<TenantId> operatorChosen = ConcurrentHashMap.newKeySet();
    private final Map<TenantId, Object> locks = new ConcurrentHashMap<>();

    /**
     * The I/O and collaborators of {@link Placements}.
     *
     * @param store      the placements read back from {@code cluster.placement}
     * @param log        where placements are written
     * @param progress   the groups' progress against a boundary
     * @param cleaner    deletes a tenant's dedicated groups once a move to shared is drained
     * @param provisions the operator's provision of a tenant, or null
     * @param enqueue    asks for a reconcile of a tenant (its dedicated workers change)
     */
    public record Io(PlacementStore store, PlacementLog log, GroupProgress progress, GroupCleaner cleaner,
                     Function<TenantId, TenantProvision> provisions, Consumer<TenantId> enqueue) {
    }

    /** Places and moves tenants per {@code settings}. */
    public Placements(PlacementSettings settings, Io parts, ControlPlaneMetrics metrics, Clock clock) {
        this.settings = settings;
        this.store = parts.store();
        this.log = parts.log();
        this.progress = parts.progress();
        this.cleaner = parts.cleaner();
        this.provisions = parts.provisions();
        this.enqueue = parts.enqueue();
        this.metrics = metrics;
        this.clock = clock;
        this.policy = new PromotionPolicy(settings.promoteRecordsPerSecond(), settings.promoteAfter());
    }

    /** Where the promotion policy takes the tenants' rates from (the pools' reports). */
    public void useRates(TenantRates source) {
        this.rates = source;
    }

    /** The placements as read and written. */
    public PlacementStore store() {
        return store;
    }

    /** The placement a tenant gets when first placed: its provision's, else {@code DEFAULT_PLACEMENT}. */
    public PlacementMode intended(TenantProvision provision) {
        return provision != null && provision.placement() != null ? provision.placement() : settings.defaultMode();
    }

    @Override
    public boolean dedicated(TenantId id, boolean live, boolean hasWorkers) {
        TenantProvision provision = provisions.apply(id);
        if (live && store.get(id).isEmpty()) {
            place(id, provision, hasWorkers);
        }
        Placement p = store.get(id).orElse(null);
        if (p == null && hasWorkers) {
            // Not placed yet (not live now, or the write failed): the workers it has are kept until it is placed.
            return true;
        }
        return HandoffPlanner.dedicatedWanted(p, isDrained(id, p), intended(provision));
    }

    private void place(TenantId id, TenantProvision provision, boolean hasWorkers) {
        synchronized (lock(id)) {
            if (store.get(id).isPresent()) {
                return;
            }
            PlacementMode mode;
            String reason;
            if (provision != null && provision.placement() != null) {
                mode = provision.placement();
                reason = "provisioned";
                operatorChosen.add(id);
            } else if (hasWorkers) {
                mode = PlacementMode.DEDICATED;
                reason = "adopted: its dedicated workers were running";
            } else {
                mode = settings.defaultMode();
                reason = "default";
            }
            try {
                write(id, Placement.initial(id.value(), mode, clock.instant()));
                reasons.put(id, reason);
                metrics.placed(mode.wire());
                LOG.info("tenant {}: placed {} ({})", id, mode.wire(), reason);
            } catch (Exception e) {
                LOG.warn("tenant {}: writing its placement failed, retried at its next reconcile: {}", id,
                        e.toString());
            }
        }
    }

    /**
     * Moves {@code id} to {@code to} at the handoff time {@code now + PLACEMENT_LEAD}; the same placement when it is
     * there already.
     *
     * @param reason     why, shown in its view and logged
     * @param byOperator true for the operator's move (the policy then leaves the tenant alone)
     * @throws MoveRefusedException when it is placed nowhere or its previous move is not complete
     * @throws Exception            when writing failed
     */
    public Placement move(TenantId id, PlacementMode to, String reason, boolean byOperator) throws Exception {
        synchronized (lock(id)) {
            Placement p = store.get(id).orElseThrow(() -> new MoveRefusedException("tenant " + id
                    + " is placed nowhere (not admitted and live, or cleaned up)"));
            if (p.mode() == to) {
                if (byOperator) {
                    operatorChosen.add(id);
                }
                return p;
            }
            Instant now = clock.instant();
            if (p.previous() != null && !isDrained(id, p)) {
                throw new MoveRefusedException("tenant " + id + ": its move to " + p.mode().wire() + " at "
                        + p.since() + " is not complete (the " + p.previous().wire() + " side has not passed "
                        + Instant.ofEpochMilli(HandoffPlanner.boundaryMs(p, settings.overlap())) + " yet)");
            }
            Placement next = p.moveTo(to, now.plus(settings.lead()), now);
            write(id, next);
            drained.remove(id);
            groupsDeleted.remove(id);
            if (byOperator) {
                operatorChosen.add(id);
            } else {
                operatorChosen.remove(id);
            }
            reasons.put(id, reason);
            metrics.placementMoved(HandoffPlanner.direction(p.mode(), to), byOperator ? "operator" : "policy");
            LOG.info("tenant {}: moving {} at {} (epoch {}, overlap {}): {}", id,
                    HandoffPlanner.direction(p.mode(), to), next.since(), next.epoch(), settings.overlap(), reason);
            enqueue.accept(id);
            return next;
        }
    }

    /**
     * {@code inner} followed by a tombstone on {@code cluster.placement}: the last step of a tenant's cleanup, which
     * makes the pools drop its state. A failed tombstone fails the cleanup, which is retried.
     */
    public GroupCleaner tombstoning(GroupCleaner inner) {
        return tenant -> inner.deleteGroups(tenant) && tombstone(tenant);
    }

    private boolean tombstone(TenantId id) throws Exception {
        synchronized (lock(id)) {
            if (store.get(id).isPresent()) {
                write(id, null);
                LOG.info("tenant {}: placement removed (tombstone): the pools drop its state", id);
            }
            drained.remove(id);
            groupsDeleted.remove(id);
            reasons.remove(id);
            operatorChosen.remove(id);
            policy.forget(id);
        }
        locks.remove(id);
        return true;
    }

    private void write(TenantId id, Placement p) throws Exception {
        try {
            long offset = log.write(id, p);
            store.written(id, p, offset);
        } catch (Exception e) {
            metrics.placementWriteFailed();
            throw e;
        }
    }

    /**
     * Looks at every move in progress (is its old side drained now?), deletes the dedicated groups of drained moves
     * to shared, and runs the promotion policy. Called periodically; failures are logged and retried next time.
     */
    public void tick() {
        Instant now = clock.instant();
        for (Placement p : store.all()) {
            TenantId id = TenantId.of(p.tenant());
            try (MDC.MDCCloseable m = MDC.putCloseable("tenant", id.value())) {
                if (p.previous() != null && !isDrained(id, p)) {
                    checkDrain(id, p, now, false);
                }
                if (HandoffPlanner.awaitsDrain(p) && isDrained(id, p) && !Long.valueOf(p.epoch())
                        .equals(groupsDeleted.get(id))) {
                    deleteGroups(id, p);
                }
            }
        }
        promote(now);
    }

    /**
     * After a start, before the first reconcile: finds which moves are drained already. A side whose groups have
     * committed nothing at all (the dedicated groups deleted after an earlier drain) counts as drained here.
     */
    public void recover() {
        Instant now = clock.instant();
        for (Placement p : store.all()) {
            TenantId id = TenantId.of(p.tenant());
            if (p.previous() != null) {
                try (MDC.MDCCloseable m = MDC.putCloseable("tenant", id.value())) {
                    checkDrain(id, p, now, true);
                }
            }
        }
    }

    private void checkDrain(TenantId id, Placement p, Instant now, boolean recovering) {
        long boundary = HandoffPlanner.boundaryMs(p, settings.overlap());
        if (now.toEpochMilli() < boundary) {
            return;
        }
        boolean done;
        try {
            Optional<List<PartitionProgress>> read = progress.read(id, p.previous(), boundary);
            done = read.isEmpty() ? recovering
                    : HandoffPlanner.drained(p, settings.overlap(), now.toEpochMilli(), read.get());
        } catch (Exception e) {
            LOG.warn("tenant {}: reading the {} groups' progress failed, retried: {}", id, p.previous().wire(),
                    e.toString());
            return;
        }
        if (done) {
            drained.put(id, p.epoch());
            metrics.placementDrained(Duration.between(p.since(), now));
            LOG.info("tenant {}: the {} side has passed {} ({} after the handoff time): move to {} complete", id,
                    p.previous().wire(), Instant.ofEpochMilli(boundary), Duration.between(p.since(), now),
                    p.mode().wire());
            enqueue.accept(id);
        }
    }

    private void deleteGroups(TenantId id, Placement p) {
        try {
            if (cleaner.deleteGroups(id)) {
                groupsDeleted.put(id, p.epoch());
                LOG.info("tenant {}: dedicated consumer groups deleted after the move to shared", id);
            }
        } catch (Exception e) {
            LOG.warn("tenant {}: deleting its dedicated groups failed, retried: {}", id, e.toString());
        }
    }

    private void promote(Instant now) {
        if (!policy.enabled()) {
            return;
        }
        Map<TenantId, Double> current = rates.recordsPerSecond();
        for (Placement p : store.all()) {
            TenantId id = TenantId.of(p.tenant());
            Optional<String> why = policy.observe(id, p, operatorChosen.contains(id), current.get(id), now);
            if (why.isPresent()) {
                try (MDC.MDCCloseable m = MDC.putCloseable("tenant", id.value())) {
                    move(id, PlacementMode.DEDICATED, "promoted: " + why.get(), false);
                } catch (MoveRefusedException e) {
                    LOG.info("tenant {}: promotion deferred: {}", id, e.getMessage());
                } catch (Exception e) {
                    LOG.warn("tenant {}: promotion failed, retried: {}", id, e.toString());
                }
            }
        }
    }

    private boolean isDrained(TenantId id, Placement p) {
        return p != null && (p.previous() == null || Long.valueOf(p.epoch()).equals(drained.get(id)));
    }

    private Object lock(TenantId id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    /** The status API's view of one tenant's placement, or null when it is placed nowhere. */
    public Map<String, Object> view(TenantId id) {
        Placement p = store.get(id).orElse(null);
        if (p == null) {
            return null;
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("tenant", p.tenant());
        v.put("placement", p.mode().wire());
        v.put("since", p.since());
        v.put("previous", p.previous() == null ? null : p.previous().wire());
        v.put("epoch", p.epoch());
        v.put("changed_at", p.changedAt());
        v.put("draining", p.previous() != null && !isDrained(id, p));
        v.put("handoff_until", p.previous() == null ? null
                : Instant.ofEpochMilli(HandoffPlanner.boundaryMs(p, settings.overlap())));
        v.put("dedicated_workers", HandoffPlanner.dedicatedWanted(p, isDrained(id, p), p.mode()));
        v.put("reason", reasons.get(id));
        v.put("operator_chosen", operatorChosen.contains(id));
        return v;
    }

    /** Every placed tenant's view, by tenant id. */
    public List<Map<String, Object>> views() {
        List<Map<String, Object>> out = new ArrayList<>();
        store.all().stream().sorted(Comparator.comparing(Placement::tenant)).forEach(p -> {
            Map<String, Object> v = view(TenantId.of(p.tenant()));
            if (v != null) {
                out.add(v);
            }
        });
        return out;
    }

    /** How many tenants are placed in each mode. */
    public Map<PlacementMode, Integer> countByMode() {
        Map<PlacementMode, Integer> counts = new EnumMap<>(PlacementMode.class);
        for (PlacementMode m : PlacementMode.values()) {
            counts.put(m, 0);
        }
        store.all().forEach(p -> counts.merge(p.mode(), 1, Integer::sum));
        return counts;
    }

    /** Tenants whose move is not complete yet. */
    public int draining() {
        return (int) store.all().stream().filter(p -> p.previous() != null
                && !isDrained(TenantId.of(p.tenant()), p)).count();
    }

    /** Closes the log's producer. */
    public void close() {
        log.close();
    }
}
