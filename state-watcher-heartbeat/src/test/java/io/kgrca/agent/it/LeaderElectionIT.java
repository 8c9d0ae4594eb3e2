package io.kgrca.agent.it;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kgrca.agent.Fixtures;
import io.kgrca.agent.run.Agent;
import io.kgrca.common.topic.Topics;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.kgrca.agent.it.AgentHarness.config;
import static io.kgrca.agent.it.AgentHarness.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * <b>Fast test, mock API server</b>: two agent replicas compete for a {@code coordination.k8s.io/v1} Lease on
 * fabric8's Kubernetes mock server in CRUD mode (the mock stores the Lease and enforces nothing else), with a real
 * Kafka broker: only the holder publishes, and when it leaves the other takes over. On a real kube-apiserver
 * (crash takeover time, 409 for a stale holder): {@link LeaderElectionRealApiIT}.
 */
@ExtendWith(KafkaBrokerExtension.class)
@EnableKubernetesMockClient(crud = true)
class LeaderElectionIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    KubernetesClient client;
    private final List<Agent> agents = new ArrayList<>();

    @AfterEach
    void stopAgents() {
        agents.forEach(Agent::close);
    }

    private Agent start(KafkaBroker broker, String tenant, String identity) throws Exception {
        Agent agent = Agent.start(config(broker, tenant, identity, Map.of()), client, Clock.systemUTC());
        agents.add(agent);
        return agent;
    }

    private static Set<String> senders(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(AgentHarness::sender).collect(Collectors.toSet());
    }

    @Test
    void onlyTheLeaseHolderPublishesAndTheStandbyTakesOverWhenItLeaves(KafkaBroker broker) throws Exception {
        AgentHarness.createTopics(broker);
        String t = "it-leader";
        Agent a = start(broker, t, "agent-a");
        await().atMost(WAIT).until(a::leading);
        Agent b = start(broker, t, "agent-b");
        await().atMost(WAIT).until(b::synced);

        client.pods().inNamespace("shop").resource(Fixtures.pod("shop", "web-1", Map.of("app", "web"), "n1", null)).create();
        await().atMost(WAIT).until(() -> records(broker, Topics.STATE_K8S_RESOURCE, t).size() == 1);
        a.settle(WAIT);
        b.settle(WAIT);
        await("agent-b stays a follower and sends nothing").during(Duration.ofMillis(1_500)).atMost(WAIT)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> !b.leading() && records(broker, Topics.STATE_K8S_RESOURCE, t).size() == 1);

        assertThat(b.leading()).isFalse();
        assertThat(records(broker, Topics.STATE_K8S_RESOURCE, t)).hasSize(1);
        assertThat(senders(records(broker, Topics.STATE_K8S_RESOURCE, t))).containsExactly("agent-a");
        assertThat(senders(records(broker, Topics.STATE_K8S_TOPOLOGY, t))).containsExactly("agent-a");
        assertThat(senders(records(broker, Topics.CLUSTER_HEARTBEAT, t))).containsExactly("agent-a");
        Lease lease = client.leases().inNamespace("kg-agent").withName("kg-rca-agent-leader").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("agent-a");

        agents.remove(a);
        a.close();
        await().atMost(WAIT).until(b::leading);
        client.pods().inNamespace("shop").resource(Fixtures.pod("shop", "web-2", Map.of("app", "web"), "n1", null)).create();

        await().atMost(WAIT).untilAsserted(() -> assertThat(records(broker, Topics.STATE_K8S_RESOURCE, t))
                .filteredOn(r -> AgentHarness.key(r).endsWith("pod/shop/web-2"))
                .singleElement().satisfies(r -> assertThat(AgentHarness.sender(r)).isEqualTo("agent-b")));
        assertThat(records(broker, Topics.STATE_K8S_RESOURCE, t))
                .filteredOn(r -> "agent-a".equals(AgentHarness.sender(r))).hasSize(1);
    }
}
