package io.kgrca.common.topic;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @Test
    void theCatalogHasTheThirteenContractTopicsTheTwoOfAdmissionAndPlacement() {
        Set<String> names = Topics.all().stream().map(TopicSpec::name).collect(Collectors.toSet());

        assertThat(names).containsExactlyInAnyOrder("cluster.registry", "cluster.heartbeat", "raw.k8s.events",
                "raw.k8s.logs", "events.normalized", "logs.normalized", "state.k8s.resource", "state.k8s.topology",
                "state.prom.targets", "alerts.raw", "alerts.enriched", "dlq.normalized", "dlq.raw", "cluster.tenants",
                "cluster.registry.replies", "cluster.placement");
    }

    @Test
    void registryAndStateTopicsAreCompactedAndTheRestDeleteWithRetention() {
        for (TopicSpec t : Topics.all()) {
            boolean shouldCompact = t.name().startsWith("cluster.") && !t.name().equals("cluster.heartbeat")
                    || t.name().startsWith("state.");
            assertThat(t.compacted()).as(t.name()).isEqualTo(shouldCompact);
            if (!shouldCompact) {
                assertThat(t.configs()).as(t.name()).containsKey("retention.ms");
            }
        }
    }

    @Test
    void heartbeatsAreStampedByTheBroker() {
        assertThat(Topics.find("cluster.heartbeat").orElseThrow().configs())
                .containsEntry("message.timestamp.type", "LogAppendTime");
    }

    @Test
    void deadLettersGoToTheQueueOfTheirSourceStage() {
        assertThat(Topics.deadLetterTopicFor("raw.k8s.events")).isEqualTo("dlq.raw");
        assertThat(Topics.deadLetterTopicFor("events.normalized")).isEqualTo("dlq.normalized");
        assertThat(Topics.deadLetterTopicFor("state.k8s.resource")).isEqualTo("dlq.normalized");
    }

    @Test
    void deadLetterTopicsAcceptAnyRecordARawTopicAccepted() {
        int dlqMax = Integer.parseInt(Topics.find("dlq.raw").orElseThrow().configs().get("max.message.bytes"));

        assertThat(dlqMax).isGreaterThan(Topics.RAW_MAX_MESSAGE_BYTES * 2);
    }
}
