package io.kgrca.controlplane.admission;

import io.kgrca.common.model.Registration;
import io.kgrca.common.model.RegistrationReply;
import io.kgrca.common.model.TenantProvision;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.testsupport.MutableClock;
import io.kgrca.controlplane.metrics.ControlPlaneMetrics;
import io.kgrca.controlplane.registry.ControlEvent;
import io.kgrca.controlplane.tenant.TenantRecord;
import io.kgrca.controlplane.tenant.TenantStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Admission against the in-memory store, with replies and reconciles recorded: no broker. */
class AdmissionControlTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final TenantId AF1 = TenantId.of("af-1");

    private final MutableClock clock = new MutableClock(T0);
    private final TenantStore store = new TenantStore();
    private final List<RegistrationReply> replies = new ArrayList<>();
    private final List<TenantId> reconciles = new ArrayList<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final ControlPlaneMetrics metrics = new ControlPlaneMetrics() {
        @Override
        public void registration(String outcome) {
            counts.merge(outcome, 1, Integer::sum);
        }

        @Override
        public void rejected(String source, String reason) {
            counts.merge(source + "/" + reason, 1, Integer::sum);
        }
    };

    private AdmissionControl control(boolean open, int max) {
        return new AdmissionControl(new Admission(open, max), store, replies::add, metrics, clock, reconciles::add);
    }

    private static ControlEvent.Registered registration(String id) {
        return new ControlEvent.Registered(TenantId.of(id), new Registration(id, "c-" + id, "1", T0.minusSeconds(1),
                null), T0);
    }

    private static TenantProvision active(String id) {
        return new TenantProvision(id, T0, TenantProvision.ACTIVE);
    }

    @Test
    void anUnprovisionedRegistrationStartsNothingIsCountedAndAnsweredThenProvisioningAdmitsIt() {
        AdmissionControl admission = control(false, 10);

        admission.registered(registration("af-1"), false);

        assertThat(store.knows(AF1)).isFalse();
        assertThat(reconciles).isEmpty();
        assertThat(counts).containsEntry("not-provisioned", 1);
        assertThat(replies).singleElement().satisfies(r -> {
            assertThat(r.verdict()).isEqualTo("refused");
            assertThat(r.reason()).isEqualTo("tenant not provisioned");
            assertThat(r.registeredAt()).as("echoed for the agent").isEqualTo(T0.minusSeconds(1));
        });
        assertThat(admission.waiting(AF1)).isTrue();

        clock.advance(Duration.ofMinutes(1));
        admission.provisioned(AF1, active("af-1"), false);

        assertThat(store.get(AF1)).get().satisfies(t -> {
            assertThat(t.registered()).isTrue();
            assertThat(t.registeredAt()).as("admitted now: a sign of life for the lifecycle").isEqualTo(clock.instant());
        });
        assertThat(reconciles).containsExactly(AF1);
        assertThat(replies).last().satisfies(r -> assertThat(r.accepted()).isTrue());
        assertThat(admission.waiting(AF1)).isFalse();
    }

    @Test
    void aProvisionedTenantIsAdmittedAndAnsweredAndAReplayedRegistrationIsNotAnswered() {
        AdmissionControl admission = control(false, 10);
        admission.provisioned(AF1, active("af-1"), true);

        admission.registered(registration("af-1"), true);
        assertThat(replies).isEmpty();
        admission.registered(registration("af-1"), false);

        assertThat(store.get(AF1).map(TenantRecord::registered)).contains(true);
        assertThat(replies).singleElement().satisfies(r -> assertThat(r.verdict()).isEqualTo("accepted"));
        assertThat(counts).containsEntry("admitted", 2);
    }

    @Test
    void deprovisioningOrPausingARegisteredTenantWithdrawsItAndReprovisioningBringsItBack() {
        AdmissionControl admission = control(false, 10);
        admission.provisioned(AF1, active("af-1"), false);
        admission.registered(registration("af-1"), false);
        reconciles.clear();

        admission.provisioned(AF1, null, false);

        assertThat(store.get(AF1).map(TenantRecord::registered)).contains(false);
        assertThat(reconciles).containsExactly(AF1);
        assertThat(replies).last().satisfies(r -> assertThat(r.reason()).isEqualTo("tenant deprovisioned"));

        admission.provisioned(AF1, active("af-1"), false);
        assertThat(store.get(AF1).map(TenantRecord::registered)).contains(true);

        admission.provisioned(AF1, new TenantProvision("af-1", T0, TenantProvision.PAUSED), false);
        assertThat(store.get(AF1).map(TenantRecord::registered)).contains(false);
        admission.registered(registration("af-1"), false);
        assertThat(replies).last().satisfies(r -> assertThat(r.reason()).isEqualTo("tenant paused"));
        assertThat(store.get(AF1).map(TenantRecord::registered)).contains(false);
    }

    @Test
    void registrationsBeyondMaxTenantsAreRefusedInOpenModeToo() {
        AdmissionControl admission = control(true, 2);

        admission.registered(registration("t-1"), false);
        admission.registered(registration("t-2"), false);
        admission.registered(registration("t-3"), false);
        admission.registered(registration("t-1"), false);

        assertThat(store.registeredCount()).isEqualTo(2);
        assertThat(store.knows(TenantId.of("t-3"))).isFalse();
        assertThat(replies).extracting(RegistrationReply::reason).containsExactly("admitted (open admission)",
                "admitted (open admission)", "tenant limit reached", "admitted (open admission)");
        assertThat(counts).containsEntry("tenant-limit", 1);
    }

    @Test
    void invalidTenantRecordsAreCountedAndIgnored() {
        AdmissionControl admission = control(false, 10);

        admission.provisionRecord(record("BAD", "{\"tenant\":\"BAD\",\"state\":\"active\"}"), false);
        admission.provisionRecord(record("af-1", "{\"tenant\":\"af-1\",\"state\":\"running\"}"), false);
        admission.provisionRecord(record("af-1", "{\"tenant\":\"af-2\",\"state\":\"active\"}"), false);
        admission.provisionRecord(record("af-1", "nope"), false);
        admission.provisionRecord(record("af-2", "{\"tenant\":\"af-2\",\"state\":\"active\"}"), false);

        assertThat(admission.provisions()).containsOnlyKeys(TenantId.of("af-2"));
        assertThat(counts).containsEntry("tenants/invalid-tenant-id", 1).containsEntry("tenants/invalid-field", 2)
                .containsEntry("tenants/not-json", 1);
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, String value) {
        return new ConsumerRecord<>("cluster.tenants", 0, 0, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }
}
