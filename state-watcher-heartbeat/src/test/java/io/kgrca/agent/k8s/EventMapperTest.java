package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.kgrca.agent.Fixtures;
import io.kgrca.agent.state.EventTracker.EventItem;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.RawK8sEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventMapperTest {

    private final EventMapper mapper = new EventMapper();

    @Test
    void anEventIsSentInTheCoreV1ShapeThatTheWireModelReads() throws Exception {
        EventItem item = mapper.map(Fixtures.event("shop", "web-1.abc", "web-1", "BackOff", 3, "2025-01-01T00:00:05Z"))
                .orElseThrow();

        RawK8sEvent e = JsonCodec.shared().decode(item.json(), RawK8sEvent.class);

        assertThat(item.uid()).isEqualTo("uid-web-1.abc");
        assertThat(e.metadata().uid()).isEqualTo("uid-web-1.abc");
        assertThat(e.involvedObject().kind()).isEqualTo("Pod");
        assertThat(e.involvedObject().name()).isEqualTo("web-1");
        assertThat(e.reason()).isEqualTo("BackOff");
        assertThat(e.count()).isEqualTo(3);
        assertThat(e.lastTimestamp()).isEqualTo(Instant.parse("2025-01-01T00:00:05Z"));
        assertThat(e.source().host()).isEqualTo("n1");
        assertThat(e.clientId()).isNull();
        assertThat(new String(item.json(), StandardCharsets.UTF_8)).contains("\"kind\":\"Event\"");
    }

    @Test
    void managedFieldsAreLeftOut() {
        Event e = new EventBuilder(Fixtures.event("shop", "x", "web-1", "BackOff", 1, "2025-01-01T00:00:05Z"))
                .editMetadata().addNewManagedField().withManager("kubelet").withOperation("Update").endManagedField()
                .endMetadata().build();

        assertThat(new String(mapper.map(e).orElseThrow().json(), StandardCharsets.UTF_8)).doesNotContain("managedFields");
    }

    @Test
    void theLatestOccurrenceIsTheNewestOfTheEventsTimes() {
        Event e = new EventBuilder(Fixtures.event("shop", "x", "web-1", "BackOff", 1, "2025-01-01T00:00:05Z"))
                .withNewEventTime("2025-01-01T00:01:00.123456Z").build();

        assertThat(EventMapper.latest(e)).isEqualTo(Instant.parse("2025-01-01T00:01:00.123456Z"));
    }

    @Test
    void anEventWithoutUidCannotBeKeyedAndIsSkipped() {
        Event e = new EventBuilder(Fixtures.event("shop", "x", "web-1", "BackOff", 1, "2025-01-01T00:00:05Z"))
                .editMetadata().withUid(null).endMetadata().build();

        assertThat(mapper.map(e)).isEmpty();
    }
}
