package io.kgrca.graphbuilder.mapping;

import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.KeyTypes;
import io.kgrca.common.worker.RecordRejectedException;
import io.kgrca.common.worker.TimeWindow;
import io.kgrca.graphbuilder.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordMapperTest {

    private static final TenantId T = TenantId.of("acme");
    private static final ResourceRef POD = ResourceRef.of("Pod", "shop", "api-1");
    private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");
    private final RecordMapper mapper = new RecordMapper();

    @Test
    void stateRecordsBecomeUpsertsAndTheirTombstonesDeletes() throws Exception {
        assertThat(mapper.map(Fixtures.resource(T, "Pod", "shop", "api-1").inbound()))
                .isInstanceOf(Mutation.ResourceUpsert.class);
        assertThat(mapper.map(Fixtures.resourceTombstone(T, "Pod", "shop", "api-1").inboundAt(1234L)))
                .isEqualTo(new Mutation.ResourceDelete("pod/shop/api-1", 1234L));
        ResourceRef node = ResourceRef.of("Node", "", "n1");
        assertThat(mapper.map(Fixtures.edge(T, EdgeType.RUNS_ON, POD, node).inbound()))
                .isInstanceOf(Mutation.EdgeUpsert.class);
        assertThat(mapper.map(Fixtures.edgeTombstone(T, EdgeType.RUNS_ON, POD, node).inbound()))
                .isInstanceOfSatisfying(Mutation.EdgeDelete.class,
                        d -> assertThat(d.id()).isEqualTo("RUNS_ON:pod/shop/api-1->node//n1"));
    }

    @Test
    void theKeyTypeDecidesWhatARecordIsWhateverTheTopic() throws Exception {
        Fixtures.Wire event = Fixtures.event(T, "e1", "BackOff", Severity.WARNING, POD, AT, "m");
        Fixtures.Wire elsewhere = new Fixtures.Wire("renamed.events", event.key(), event.value());

        assertThat(mapper.map(elsewhere.inbound())).isInstanceOf(Mutation.EventObserved.class);
    }

    @Test
    void aLegacyKeyWithoutTypeFallsBackToTheTopic() throws Exception {
        Fixtures.Wire event = Fixtures.event(T, "e1", "BackOff", Severity.WARNING, POD, AT, "m");
        Fixtures.Wire legacy = new Fixtures.Wire(Topics.EVENTS_NORMALIZED, "acme::e1".getBytes(), event.value());

        assertThat(mapper.map(legacy.inbound())).isInstanceOf(Mutation.EventObserved.class);
    }

    @Test
    void aKeyIdThatDisagreesWithThePayloadIsRejected() {
        Fixtures.Wire event = Fixtures.event(T, "e1", "BackOff", Severity.WARNING, POD, AT, "m");
        Fixtures.Wire wrong = new Fixtures.Wire(Topics.EVENTS_NORMALIZED, "acme::event::e2".getBytes(), event.value());

        assertThatThrownBy(() -> mapper.map(wrong.inbound())).isInstanceOfSatisfying(RecordRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RecordMapper.KEY_MISMATCH));
    }

    @Test
    void aPayloadNamingAnotherTenantIsRejectedNotReattributed() {
        String value = "{\"client_id\":\"other\",\"op\":\"UPSERT\",\"ref\":{\"kind\":\"Pod\",\"namespace\":\"shop\","
                + "\"name\":\"api-1\"}}";
        assertThatThrownBy(() -> mapper.map(Fixtures.raw(Topics.STATE_K8S_RESOURCE,
                "acme::resource::pod/shop/api-1", value).inbound()))
                .isInstanceOfSatisfying(RecordRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RecordMapper.TENANT_MISMATCH));
    }

    @Test
    void aPayloadNamingItsOwnTenantIsAccepted() throws Exception {
        String value = "{\"client_id\":\"acme\",\"op\":\"UPSERT\",\"ref\":{\"kind\":\"Pod\",\"namespace\":\"shop\","
                + "\"name\":\"api-1\"}}";
        assertThat(mapper.map(Fixtures.raw(Topics.STATE_K8S_RESOURCE, "acme::resource::pod/shop/api-1", value)
                .inbound())).isInstanceOf(Mutation.ResourceUpsert.class);
    }

    @Test
    void undecodableAndUnsupportedRecordsAreRejectedWithStableReasons() {
        assertReason(Fixtures.raw(Topics.EVENTS_NORMALIZED, "acme::event::x", "{\"event_id\":"), "truncated-json");
        assertReason(Fixtures.raw(Topics.EVENTS_NORMALIZED, "acme::event::x", "{\"event_id\":\"x\"}"),
                "missing-field");
        assertReason(Fixtures.raw(Topics.EVENTS_NORMALIZED, "acme::event::x", null), RecordMapper.UNEXPECTED_TOMBSTONE);
        assertReason(Fixtures.raw(Topics.STATE_K8S_RESOURCE, "acme::resource::pod:uid-1", null),
                RecordMapper.BAD_KEY_ID);
        assertReason(Fixtures.raw(Topics.STATE_K8S_TOPOLOGY, "acme::edge::edge:a->b", null), RecordMapper.BAD_KEY_ID);
        assertReason(Fixtures.raw(Topics.EVENTS_NORMALIZED, "acme::alert::x", "{}"), RecordMapper.UNSUPPORTED_TYPE);
        assertReason(Fixtures.raw("other.topic", "acme::x", "{}"), RecordMapper.UNSUPPORTED_TYPE);
    }

    @Test
    void aHandledTypeOnAnotherTypesTopicOrABareTenantKeyIsAnUnexpectedKeyType() {
        String resource = "{\"op\":\"UPSERT\",\"ref\":{\"kind\":\"Pod\",\"namespace\":\"shop\",\"name\":\"api-1\"}}";
        assertReason(Fixtures.raw(Topics.EVENTS_NORMALIZED, "acme::resource::pod/shop/api-1", resource),
                KeyTypes.UNEXPECTED_KEY_TYPE);
        assertReason(Fixtures.raw(Topics.STATE_K8S_TOPOLOGY, "acme::resource::pod/shop/api-1", null),
                KeyTypes.UNEXPECTED_KEY_TYPE);
        assertReason(Fixtures.raw(Topics.LOGS_NORMALIZED, "acme::event::x", "{}"), KeyTypes.UNEXPECTED_KEY_TYPE);
        assertReason(Fixtures.raw(Topics.STATE_K8S_RESOURCE, "acme", resource), KeyTypes.UNEXPECTED_KEY_TYPE);
    }

    @Test
    void aRecordWhoseOwnTimeIsOutsideTheWindowAroundItsBrokerTimestampIsRejected() throws Exception {
        long broker = Instant.parse("2026-12-07T02:00:00Z").toEpochMilli();
        Instant far = Instant.parse("+99999-01-01T00:00:00Z");
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        for (Fixtures.Wire w : List.of(Fixtures.event(T, "e1", "BackOff", Severity.WARNING, POD, far, "m"),
                Fixtures.event(T, "e2", "BackOff", Severity.WARNING, POD, old, "m"))) {
            assertThatThrownBy(() -> mapper.map(w.inboundAt(broker))).isInstanceOfSatisfying(
                    RecordRejectedException.class, e -> assertThat(e.reason()).isEqualTo(TimeWindow.TIME_OUT_OF_WINDOW));
        }
        assertThat(mapper.map(Fixtures.event(T, "e3", "BackOff", Severity.WARNING, POD,
                Instant.ofEpochMilli(broker).minusSeconds(60), "m").inboundAt(broker)))
                .isInstanceOf(Mutation.EventObserved.class);
    }

    @Test
    void anEventWhoseSubjectHasNoNameIsRejected() {
        String value = "{\"event_id\":\"x\",\"event_time\":\"2025-03-01T10:00:00Z\",\"severity\":\"WARNING\","
                + "\"reason\":\"BackOff\",\"subject\":{\"kind\":\"Pod\",\"name\":\"\"}}";
        assertReason(Fixtures.raw(Topics.EVENTS_NORMALIZED, "acme::event::x", value), RecordMapper.INVALID_SUBJECT);
    }

    private void assertReason(Fixtures.Wire wire, String reason) {
        assertThatThrownBy(() -> mapper.map(wire.inbound())).isInstanceOfSatisfying(RecordRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
