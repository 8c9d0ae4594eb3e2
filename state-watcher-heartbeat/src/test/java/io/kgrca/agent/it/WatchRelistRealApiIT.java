package io.kgrca.agent.it;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.kgrca.agent.Fixtures;
import io.kgrca.agent.run.Agent;
import io.kgrca.agent.state.Channel;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.ResourceRecord;
import io.kgrca.common.topic.Topics;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.KubeApiServer;
import io.kgrca.testsupport.KubeApiServerExtension;
import io.kgrca.testsupport.TcpProxy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.kgrca.agent.it.AgentHarness.config;
import static io.kgrca.agent.it.AgentHarness.key;
import static io.kgrca.agent.it.AgentHarness.latest;
import static io.kgrca.agent.it.AgentHarness.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * <b>Real API server</b> (kube-apiserver v1.20.2 on etcd, {@code --watch-cache=false}; see {@link KubeApiServer})
 * and a real Kafka broker. The agent lists, then watches from the list's resourceVersion; its connection to the
 * server is then cut (a {@link TcpProxy}) while pods change, and etcd is compacted past everything the agent saw.
 * When the connection comes back, its watch from the old resourceVersion can only end in 410 Gone ("too old
 * resource version"), so the informer must relist: every change made meanwhile reaches Kafka exactly once, and
 * nothing unchanged is sent again (the records are counted per key). The fast mock-server tests are in
 * {@link AgentIT}.
 */
@ExtendWith({KafkaBrokerExtension.class, KubeApiServerExtension.class})
class WatchRelistRealApiIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aRelistAfterGoneLosesNoChangeAndDuplicatesNone(KafkaBroker broker, KubeApiServer server) throws Exception {
        AgentHarness.createTopics(broker);
        String t = "real-relist";
        try (KubernetesClient admin = RealApi.admin(server); TcpProxy proxy = TcpProxy.to(server.port());
             KubernetesClient viaProxy = RealApi.client(server, "https://127.0.0.1:" + proxy.port(), server.adminToken())) {
            String ns = RealApi.namespace(admin, "relist");
            for (int i = 0; i < 5; i++) {
                createPod(admin, ns, "p" + i);
            }
            // A long lease: the cut must not cost the leadership (that would be a hand-over, not a relist).
            Map<String, String> env = Map.of("WATCH_NAMESPACES", ns, "POD_NAMESPACE", ns, "LEASE_DURATION", "120s",
                    "LEASE_RENEW_DEADLINE", "100s", "LEASE_RETRY_PERIOD", "1s");
            try (Agent agent = Agent.start(config(broker, t, "agent-a", env), viaProxy, Clock.systemUTC())) {
                await().atMost(WAIT).until(() -> agent.leading() && agent.synced());
                awaitAcked(agent, 5);
                Pod p5 = createPod(admin, ns, "p5");
                awaitAcked(agent, 6);
                long seen = Long.parseLong(p5.getMetadata().getResourceVersion());

                proxy.cut();
                relabel(admin.pods().inNamespace(ns).withName("p1"));
                admin.pods().inNamespace(ns).withName("p2").delete();
                awaitGone(admin, ns, "p2");
                relabel(admin.pods().inNamespace(ns).withName("p5"));
                createPod(admin, ns, "p6");
                PodList now = admin.pods().inNamespace(ns).list();
                long current = Long.parseLong(now.getMetadata().getResourceVersion());
                server.compact(current);
                assertThat(server.get("/api/v1/namespaces/" + ns + "/pods?resourceVersionMatch=Exact&resourceVersion="
                        + seen).statusCode()).as("a list at the agent's last resourceVersion is gone").isEqualTo(410);
                assertThat(watchFrom(admin, ns, seen)).as("a watch from it ends with 410").isTrue();
                proxy.restore();

                awaitAcked(agent, 10);
                agent.settle(WAIT);
                int settled = records(broker, Topics.STATE_K8S_RESOURCE, t).size();
                await("no late records after the relist").during(Duration.ofSeconds(3)).atMost(WAIT)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> records(broker, Topics.STATE_K8S_RESOURCE, t).size() == settled);
                agent.settle(WAIT);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> sent = records(broker, Topics.STATE_K8S_RESOURCE, t);
        Map<String, Long> perPod = sent.stream().collect(Collectors.groupingBy(r -> key(r).replaceAll(".*/", ""),
                Collectors.counting()));
        assertThat(perPod).as("records per pod: created once, and once more per change made during the cut")
                .isEqualTo(Map.of("p0", 1L, "p1", 2L, "p2", 2L, "p3", 1L, "p4", 1L, "p5", 2L, "p6", 1L));
        Map<String, byte[]> last = latest(sent);
        Function<String, String> k = pod -> last.keySet().stream().filter(x -> x.endsWith("/" + pod)).findFirst().orElseThrow();
        assertThat(last.get(k.apply("p2"))).as("p2 ends as a tombstone").isNull();
        assertThat(JsonCodec.shared().decode(last.get(k.apply("p1")), ResourceRecord.class).labels())
                .containsEntry("relisted", "yes");
        assertThat(JsonCodec.shared().decode(last.get(k.apply("p5")), ResourceRecord.class).labels())
                .containsEntry("relisted", "yes");
    }

    private static Pod createPod(KubernetesClient admin, String ns, String name) {
        return admin.pods().inNamespace(ns).resource(Fixtures.pod(ns, name, Map.of("app", "web"), null, null)).create();
    }

    private static void relabel(PodResource pod) {
        pod.edit(p -> new PodBuilder(p).editMetadata().addToLabels("relisted", "yes").endMetadata().build());
    }

    private static void awaitGone(KubernetesClient admin, String ns, String name) {
        await().atMost(WAIT).until(() -> admin.pods().inNamespace(ns).withName(name).get() == null);
    }

    /** True when a watch of the namespace's pods from {@code resourceVersion} is closed with 410 Gone. */
    private static boolean watchFrom(KubernetesClient admin, String ns, long resourceVersion) throws Exception {
        CompletableFuture<Boolean> gone = new CompletableFuture<>();
        try (var watch = admin.pods().inNamespace(ns).withResourceVersion(Long.toString(resourceVersion))
                .watch(new Watcher<Pod>() {
                    @Override
                    public void eventReceived(Action action, Pod resource) {
                        // replayed events would mean the history is still there
                        gone.complete(false);
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        gone.complete(cause.isHttpGone());
                    }
                })) {
            return gone.get(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitAcked(Agent agent, long n) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> agent.stats().acked(Channel.RESOURCE) >= n);
    }
}
