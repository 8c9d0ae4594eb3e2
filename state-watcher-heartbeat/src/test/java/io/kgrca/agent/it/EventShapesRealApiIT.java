package io.kgrca.agent.it;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kgrca.agent.Fixtures;
import io.kgrca.agent.run.Agent;
import io.kgrca.agent.state.Channel;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.RawK8sEvent;
import io.kgrca.common.topic.Topics;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.KubeApiServer;
import io.kgrca.testsupport.KubeApiServerExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static io.kgrca.agent.it.AgentHarness.config;
import static io.kgrca.agent.it.AgentHarness.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * <b>Real API server</b> (kube-apiserver v1.20.2 on etcd, see {@link KubeApiServer}) and a real Kafka broker: an
 * event written in the core/v1 shape (kubelet style: involvedObject, source, lastTimestamp) and one written in the
 * {@code events.k8s.io/v1} shape (regarding, reportingController, eventTime, note) both reach the agent's
 * {@code raw.k8s.events} output, keyed by their uid. The server also refuses what the mock server accepts: a
 * core/v1 Event whose {@code involvedObject.namespace} is empty outside {@code default} (422). The fast
 * mock-server test of events is {@link AgentIT}.
 */
@ExtendWith({KafkaBrokerExtension.class, KubeApiServerExtension.class})
class EventShapesRealApiIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The server's MicroTime format: exactly six fraction digits. */
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX")
            .withZone(ZoneOffset.UTC);

    @Test
    void eventsOfBothApiShapesReachTheAgentsOutput(KafkaBroker broker, KubeApiServer server) throws Exception {
        AgentHarness.createTopics(broker);
        String t = "real-events";
        try (KubernetesClient admin = RealApi.admin(server)) {
            String ns = RealApi.namespace(admin, "events");
            Pod pod = admin.pods().inNamespace(ns).resource(Fixtures.pod(ns, "web-1", Map.of("app", "web"), null, null)).create();
            Map<String, String> env = Map.of("WATCH_NAMESPACES", ns, "POD_NAMESPACE", ns);
            try (Agent agent = Agent.start(config(broker, t, "agent-a", env), admin, Clock.systemUTC())) {
                await().atMost(WAIT).until(() -> agent.leading() && agent.synced());

                String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                Event core = admin.v1().events().inNamespace(ns)
                        .resource(Fixtures.event(ns, "web-1.core", "web-1", "BackOff", 3, now)).create();
                var modern = admin.events().v1().events().inNamespace(ns)
                        .resource(new EventBuilder()
                                .withNewMetadata().withNamespace(ns).withName("web-1.modern").endMetadata()
                                .withNewRegarding().withKind("Pod").withNamespace(ns).withName("web-1")
                                .withUid(pod.getMetadata().getUid()).withApiVersion("v1").endRegarding()
                                .withReason("FailedMount").withNote("MountVolume.SetUp failed for volume \"cfg\"")
                                .withType("Warning").withAction("Mounting")
                                .withReportingController("kubernetes.io/kubelet").withReportingInstance("n1")
                                .withEventTime(new MicroTime(MICRO.format(Instant.now()))).build())
                        .create();

                await().atMost(WAIT).until(() -> agent.stats().acked(Channel.EVENT) >= 2);
                Map<String, RawK8sEvent> sent = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : records(broker, Topics.RAW_K8S_EVENTS, t)) {
                    RawK8sEvent e = JsonCodec.shared().decode(r.value(), RawK8sEvent.class);
                    sent.put(e.metadata().name(), e);
                }
                assertThat(sent).containsOnlyKeys("web-1.core", "web-1.modern");
                assertThat(sent.get("web-1.core").reason()).isEqualTo("BackOff");
                assertThat(sent.get("web-1.core").involvedObject().name()).isEqualTo("web-1");
                RawK8sEvent m = sent.get("web-1.modern");
                assertThat(m.metadata().uid()).isEqualTo(modern.getMetadata().getUid());
                assertThat(m.reason()).isEqualTo("FailedMount");
                assertThat(m.type()).isEqualTo("Warning");
                assertThat(m.involvedObject().name()).as("the server maps regarding to involvedObject").isEqualTo("web-1");
                assertThat(m.message()).as("and note to message").contains("MountVolume.SetUp failed");
                assertThat(core.getMetadata().getUid()).isNotEqualTo(modern.getMetadata().getUid());
            }

            Event orphan = Fixtures.event(ns, "web-1.bad", "web-1", "BackOff", 1, Instant.now().toString());
            orphan.getInvolvedObject().setNamespace(null);
            assertThatThrownBy(() -> admin.v1().events().inNamespace(ns).resource(orphan).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        }
    }
}
