package io.kgrca.controlplane.admission;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.model.Registration;
import io.kgrca.common.model.RegistrationReply;
import io.kgrca.common.model.TenantProvision;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.registry.ControlEvent;
import io.kgrca.controlplane.registry.ThrottledWarning;
import io.kgrca.controlplane.tenant.TenantRecord;
import io.kgrca.controlplane.tenant.TenantStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Tenant admission: follows the operator's list ({@code cluster.tenants}), decides on every registration
 * ({@link Admission}), puts admitted tenants into the store, and answers each live registration on
 * {@code cluster.registry.replies}. A refused registration creates no tenant; it is remembered (at most
 * {@value #MAX_WAITING}, the oldest dropped first) so that provisioning the tenant later admits it without the
 * agent registering again. Deprovisioning or pausing a registered tenant withdraws it: its workers and consumer
 * groups are removed like a deregistered tenant's. Calls come from the readers' threads; one lock orders them.
 */
public final class AdmissionControl {

    /** Most refused registrations remembered for a later provisioning. */
    public static final int MAX_WAITING = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionControl.class);

    private final Admission admission;
    private final TenantStore store;
    private final Replies replies;
    private final ControlPlaneMetrics metrics;
    private final Clock clock;
    private final Consumer<TenantId> enqueue;
    private final ThrottledWarning refusals;
    private final Map<TenantId, TenantProvision> provisions = new TreeMap<>();
    private final Map<TenantId, ControlEvent.Registered> waiting = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TenantId, ControlEvent.Registered> eldest) {
            return size() > MAX_WAITING;
        }
    };

    /** Admission by {@code admission} into {@code store}; {@code enqueue} schedules a reconcile. */
    public AdmissionControl(Admission admission, TenantStore store, Replies replies, ControlPlaneMetrics metrics,
                            Clock clock, Consumer<TenantId> enqueue) {
        this.admission = admission;
        this.store = store;
        this.replies = replies;
        this.metrics = metrics;
        this.clock = clock;
        this.enqueue = enqueue;
        this.refusals = new ThrottledWarning(LOG, clock, Duration.ofSeconds(1));
    }

    /** Decides on a registration; a live one ({@code replayed} false) is answered. */
    public synchronized void registered(ControlEvent.Registered r, boolean replayed) {
        TenantId id = r.tenant();
        boolean already = store.get(id).map(TenantRecord::registered).orElse(false);
        Admission.Verdict v = admission.decide(provisions.get(id), already, store.registeredCount());
        metrics.registration(v.code());
        if (v.accepted()) {
            waiting.remove(id);
            store.update(id, t -> t.register(r.registration(), r.receivedAt()));
            LOG.info("tenant {}: registered (cluster {}): {}", id, r.registration().clusterName(), v.reason());
            enqueue.accept(id);
        } else {
            waiting.put(id, r);
            withdraw(id, v.reason(), false);
            refusals.warn("tenant {}: registration refused: {}", id, v.reason());
        }
        if (!replayed) {
            reply(id, v.accepted(), v.reason(), r.registration().registeredAt());
        }
    }

    /** A live registry record of a valid key was rejected for its content: the agent is told why. */
    public void rejected(ControlEvent.Rejected x) {
        if (x.tenant() != null && "registry".equals(x.source())) {
            reply(x.tenant(), false, "registration rejected (" + x.reason() + "): " + x.detail(), null);
        }
    }

    /** Applies one {@code cluster.tenants} record: a provisioning, a pause, or (tombstone) a deprovisioning. */
    public void provisionRecord(ConsumerRecord<byte[], byte[]> r, boolean replayed) {
        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        if (!TenantId.isValid(key)) {
            metrics.rejected("tenants", "invalid-tenant-id");
            LOG.warn("tenant -: {} record with an invalid key ignored", r.topic());
            return;
        }
        TenantId id = TenantId.of(key);
        TenantProvision p = null;
        if (r.value() != null) {
            try {
                p = JsonCodec.shared().decode(r.value(), TenantProvision.class);
            } catch (JsonDecodeException e) {
                metrics.rejected("tenants", e.reason().code());
                LOG.warn("tenant {}: {} record ignored: {}", id, r.topic(), e.getMessage());
                return;
            }
            if (!p.tenant().equals(key) || !p.known()) {
                metrics.rejected("tenants", "invalid-field");
                LOG.warn("tenant {}: {} record ignored: tenant must equal the key, state be active or paused", id,
                        r.topic());
                return;
            }
        }
        provisioned(id, p, replayed);
    }

    /** The operator provisioned ({@code p} active), paused, or deprovisioned ({@code p} null) a tenant. */
    public synchronized void provisioned(TenantId id, TenantProvision p, boolean replayed) {
        TenantProvision before = p == null ? provisions.remove(id) : provisions.put(id, p);
        if (p != null && p.active()) {
            LOG.info("tenant {}: provisioned (active)", id);
            ControlEvent.Registered w = waiting.get(id);
            if (w != null) {
                Admission.Verdict v = admission.decide(p, false, store.registeredCount());
                metrics.registration(v.code());
                if (v.accepted()) {
                    waiting.remove(id);
                    store.update(id, t -> t.register(w.registration(), clock.instant()));
                    LOG.info("tenant {}: its waiting registration is admitted", id);
                    enqueue.accept(id);
                }
                if (!replayed) {
                    reply(id, v.accepted(), v.reason(), w.registration().registeredAt());
                }
            }
        } else if (p != null || before != null) {
            String why = p == null ? "tenant deprovisioned" : "tenant paused";
            LOG.info("tenant {}: {}", id, why);
            withdraw(id, why, !replayed);
        }
    }

    /** A registered tenant loses its admission: it is deregistered (workers and groups removed), its
     *  registration kept waiting for a new provisioning. */
    private void withdraw(TenantId id, String why, boolean answer) {
        Optional<TenantRecord> rec = store.updateExisting(id, t -> t);
        if (rec.isEmpty() || !rec.get().registered()) {
            return;
        }
        Registration reg = rec.get().registration();
        waiting.put(id, new ControlEvent.Registered(id, reg, rec.get().registeredAt()));
        store.updateExisting(id, TenantRecord::deregister);
        LOG.warn("tenant {}: withdrawn ({}); its workers and consumer groups are removed", id, why);
        enqueue.accept(id);
        if (answer) {
            reply(id, false, why, reg.registeredAt());
        }
    }

    private void reply(TenantId id, boolean accepted, String reason, Instant registeredAt) {
        replies.send(new RegistrationReply(id.value(), accepted ? RegistrationReply.ACCEPTED : RegistrationReply.REFUSED,
                reason, clock.instant(), registeredAt));
    }

    /** The provisioned tenants, by id. */
    public synchronized Map<TenantId, TenantProvision> provisions() {
        return new TreeMap<>(provisions);
    }

    /** The operator's provision of {@code id}, or null. */
    public synchronized TenantProvision provision(TenantId id) {
        return provisions.get(id);
    }

    /** True when a refused registration of {@code id} waits for a provisioning. */
    public synchronized boolean waiting(TenantId id) {
        return waiting.containsKey(id);
    }

    /** True when admission is open. */
    public boolean open() {
        return admission.open();
    }
}
