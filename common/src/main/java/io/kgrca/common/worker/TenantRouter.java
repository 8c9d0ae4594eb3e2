package io.kgrca.common.worker;

import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementView;
import io.kgrca.common.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The {@link BatchProcessor} of a pool instance: splits a poll's records by tenant (each tenant's in their order),
 * hands each tenant's list to that tenant's own processor, made on first need by the {@link TenantProcessorFactory},
 * the tenants with the fewest records first ({@link #fairOrder(Map)}), and merges the outcomes. When the factory has a
 * {@link TurnProcessor} and a turn holds several tenants, it gets them all at once (with their processors). The MDC key {@code tenant} names the tenant while its records are processed.
 *
 * <p><b>A failure retries the whole turn.</b> When any tenant's processor throws {@link SinkUnavailableException}
 * (or its creation fails) the exception leaves {@link #process(List)} at once and the loop retries the whole turn
 * (the records it was given: a poll, or a pool's fair turn of its {@link FairBacklog}) after its backoff, the tenants
 * already processed included: their outputs are idempotent (deterministic ids, MERGE), so the sinks absorb the
 * repetition. Kafka has no per-tenant offsets within a partition; the loop commits the lowest offset not processed.
 *
 * <p><b>Bounded.</b> At most {@code maxTenants} processors are live (the least recently used one is closed to make
 * room); one whose tenant had no record for {@code idleEvict} is closed by {@link #evictIdle()}; one whose placement
 * a tombstone removed is closed at the next batch or eviction ({@link #closeOnRemoval(PlacementView)}). A closed
 * tenant's state is rebuilt on demand. Everything but {@link #requestClose(String)} runs on the loop's thread.
 */
public final class TenantRouter implements BatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(TenantRouter.class);

    private final TenantProcessorFactory factory;
    private final Optional<TurnProcessor> turns;
    private final int maxTenants;
    private final long idleEvictMs;
    private final Clock clock;
    private final PoolProgress progress;
    private final TenantMetrics metrics;
    private final LinkedHashMap<TenantId, Live> live = new LinkedHashMap<>(64, 0.75f, true);
    private final Queue<String> closeRequests = new ConcurrentLinkedQueue<>();

    /** A processor and when its tenant last had records. */
    private static final class Live {
        final BatchProcessor processor;
        long lastUsedMs;

        Live(BatchProcessor processor, long lastUsedMs) {
            this.processor = processor;
            this.lastUsedMs = lastUsedMs;
        }
    }

    /** A router of {@code factory}'s processors, with the bounds of {@code options}. */
    public TenantRouter(TenantProcessorFactory factory, PlacementOptions options, Clock clock, PoolProgress progress,
                        TenantMetrics metrics) {
        this.factory = factory;
        this.turns = factory.turns();
        this.maxTenants = options.maxTenants();
        this.idleEvictMs = options.idleEvict().toMillis();
        this.clock = clock;
        this.progress = progress;
        this.metrics = metrics;
    }

    /** Splits {@code records} by their key's tenant, keeping each tenant's order; tenants in order of appearance. */
    public static Map<TenantId, List<InboundRecord>> split(List<InboundRecord> records) {
        Map<TenantId, List<InboundRecord>> out = new LinkedHashMap<>();
        for (InboundRecord r : records) {
            out.computeIfAbsent(r.key().tenant(), t -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /**
     * The order in which a poll's tenants are processed: fewest records first (ties in order of appearance). Each
     * tenant's processor makes its outputs durable before the next tenant starts, so a tenant with a burst in this
     * poll delays only itself and those with more: the quiet tenants of a poll go out before a flooding one.
     */
    public static List<Map.Entry<TenantId, List<InboundRecord>>> fairOrder(Map<TenantId, List<InboundRecord>> split) {
        List<Map.Entry<TenantId, List<InboundRecord>>> order = new ArrayList<>(split.entrySet());
        order.sort(Comparator.comparingInt(e -> e.getValue().size()));
        return order;
    }

    @Override
    public BatchOutcome process(List<InboundRecord> records) throws SinkUnavailableException {
        drainCloseRequests();
        int outputs = 0;
        List<Rejection> rejections = new ArrayList<>();
        List<Runnable> done = new ArrayList<>();
        List<Map.Entry<TenantId, List<InboundRecord>>> order = fairOrder(split(records));
        List<BatchOutcome> outcomes = turns.isPresent() && order.size() > 1 && order.size() <= maxTenants
                ? together(order) : null;
        for (int i = 0; i < order.size(); i++) {
            TenantId tenant = order.get(i).getKey();
            List<InboundRecord> mine = order.get(i).getValue();
            BatchOutcome outcome;
            if (outcomes != null) {
                outcome = outcomes.get(i);
            } else {
                try (MDC.MDCCloseable t = MDC.putCloseable(WorkerLauncher.TENANT_KEY, tenant.value())) {
                    outcome = processorFor(tenant).process(mine);
                }
            }
            outputs += outcome.outputs();
            rejections.addAll(outcome.rejections());
            long last = mine.get(mine.size() - 1).raw().timestamp();
            int out = outcome.outputs();
            int rejected = outcome.rejections().size();
            done.add(() -> {
                progress.processed(tenant, mine.size(), last);
                metrics.processed(tenant, mine.size(), out, rejected);
            });
        }
        done.forEach(Runnable::run);
        metrics.live(live.size());
        return new BatchOutcome(outputs, rejections);
    }

    /** The turn's tenants through the factory's {@link TurnProcessor}, each with its own processor. */
    private List<BatchOutcome> together(List<Map.Entry<TenantId, List<InboundRecord>>> order)
            throws SinkUnavailableException {
        List<TurnProcessor.TenantBatch> batches = new ArrayList<>(order.size());
        for (Map.Entry<TenantId, List<InboundRecord>> e : order) {
            batches.add(new TurnProcessor.TenantBatch(e.getKey(), processorFor(e.getKey()), e.getValue()));
        }
        List<BatchOutcome> outcomes = turns.get().process(batches);
        if (outcomes.size() != batches.size()) {
            throw new IllegalStateException("the turn processor returned " + outcomes.size() + " outcomes for "
                    + batches.size() + " tenants");
        }
        return outcomes;
    }

    /** Closes the processors idle for longer than the idle bound, and those whose placement was removed. */
    public int evictIdle() {
        int closed = drainCloseRequests();
        long now = clock.millis();
        Iterator<Map.Entry<TenantId, Live>> it = live.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<TenantId, Live> e = it.next();
            if (now - e.getValue().lastUsedMs < idleEvictMs) {
                break;
            }
            it.remove();
            close(e.getKey(), e.getValue(), "idle");
            closed++;
        }
        metrics.live(live.size());
        return closed;
    }

    /** Asks for {@code tenant}'s processor to be closed on the loop's thread; safe from any thread. */
    public void requestClose(String tenant) {
        closeRequests.add(tenant);
    }

    /** Closes a tenant's processor and forgets its progress when a tombstone removes its placement. */
    public TenantRouter closeOnRemoval(PlacementView view) {
        view.addListener((String tenant, Placement placement) -> {
            if (placement == null) {
                requestClose(tenant);
            }
        });
        return this;
    }

    /** The tenants with a live processor, least recently used first. */
    public Set<TenantId> live() {
        return Set.copyOf(live.keySet());
    }

    /** Closes every processor, then the factory. */
    @Override
    public void close() {
        for (Map.Entry<TenantId, Live> e : live.entrySet()) {
            close(e.getKey(), e.getValue(), "shutdown");
        }
        live.clear();
        factory.close();
    }

    private BatchProcessor processorFor(TenantId tenant) throws SinkUnavailableException {
        long now = clock.millis();
        Live l = live.get(tenant);
        if (l == null) {
            while (live.size() >= maxTenants) {
                Map.Entry<TenantId, Live> eldest = live.entrySet().iterator().next();
                live.remove(eldest.getKey());
                close(eldest.getKey(), eldest.getValue(), "lru");
            }
            l = new Live(create(tenant), now);
            live.put(tenant, l);
        }
        l.lastUsedMs = now;
        return l.processor;
    }

    private BatchProcessor create(TenantId tenant) throws SinkUnavailableException {
        try {
            BatchProcessor p = factory.create(tenant);
            LOG.debug("processor of {} created", tenant);
            return p;
        } catch (SinkUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new SinkUnavailableException("cannot create the processor of tenant " + tenant + ": " + e, e);
        }
    }

    private int drainCloseRequests() {
        int closed = 0;
        for (String tenant = closeRequests.poll(); tenant != null; tenant = closeRequests.poll()) {
            progress.forget(tenant);
            TenantId id = TenantId.of(tenant);
            Live l = live.remove(id);
            if (l != null) {
                close(id, l, "removed");
                closed++;
            }
        }
        return closed;
    }

    private void close(TenantId tenant, Live l, String reason) {
        try (MDC.MDCCloseable t = MDC.putCloseable(WorkerLauncher.TENANT_KEY, tenant.value())) {
            l.processor.close();
            LOG.debug("processor of {} closed ({})", tenant, reason);
        } catch (RuntimeException e) {
            LOG.warn("closing the processor of {} failed: {}", tenant, e.toString());
        }
        metrics.closed(tenant, reason);
    }
}
