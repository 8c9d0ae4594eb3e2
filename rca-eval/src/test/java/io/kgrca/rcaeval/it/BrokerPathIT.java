package io.kgrca.rcaeval.it;

import io.kgrca.agent.replay.ReplayRecord;
import io.kgrca.common.config.Env;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.TopicSpec;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.InboundRecord;
import io.kgrca.common.worker.OutboundRecord;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.common.worker.WorkerSettings;
import io.kgrca.graphbuilder.GraphBuilderFactory;
import io.kgrca.graphbuilder.GraphBuilderMain;
import io.kgrca.graphbuilder.GraphBuilderSettings;
import io.kgrca.rcaeval.corpus.Corpus;
import io.kgrca.rcaeval.corpus.Scenario;
import io.kgrca.rcaeval.eval.Evaluation;
import io.kgrca.rcaeval.pipeline.Normalizers;
import io.kgrca.rcaeval.pipeline.Partitions;
import io.kgrca.rcaeval.pipeline.Pipeline;
import io.kgrca.rcaeval.pipeline.ReplayMode;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import io.kgrca.testsupport.Offsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-process path of the benchmark and the broker path give the same graph: two scenarios replayed through the
 * normalizers once straight into the graph-builder's processor, and once through a real Kafka broker into a real
 * graph-builder worker ({@link WorkerLauncher}, its {@code WorkerLoop} and consumer group), compared by node and
 * relationship counts.
 */
@ExtendWith({KafkaBrokerExtension.class, Neo4jExtension.class})
class BrokerPathIT {

    @BeforeAll
    static void topics(KafkaBroker broker) {
        for (String name : List.of(Topics.EVENTS_NORMALIZED, Topics.LOGS_NORMALIZED, Topics.STATE_K8S_RESOURCE,
                Topics.STATE_K8S_TOPOLOGY, Topics.DLQ_NORMALIZED)) {
            TopicSpec spec = Topics.find(name).orElseThrow();
            try {
                broker.createTopic(name, spec.partitions(), spec.configs());
            } catch (RuntimeException alreadyThere) {
                // another test of this JVM created it
            }
        }
    }

    @Test
    void twoScenariosGiveTheSameGraphInProcessAndThroughTheBrokerAndAWorker(KafkaBroker broker, Neo4jServer neo4j)
            throws Exception {
        GraphBuilderSettings settings = GraphBuilderSettings.fromEnv(new Env(Map.of("NEO4J_URI", neo4j.boltUri())));
        String run = Long.toHexString(System.nanoTime() & 0xfff);
        List<Scenario> scenarios = List.of(Corpus.load("hand/hand-memory-limit-oomkilled.json"),
                Corpus.load("generated/bad-image-s2027.json"));
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            TenantId inProcess = TenantId.of("bp" + run + "-" + i + "-a");
            new Evaluation(settings, "unused").runOne(inProcess, s, ReplayMode.FULL);

            TenantId viaBroker = TenantId.of("bp" + run + "-" + i + "-b");
            produceNormalized(broker, viaBroker, s);
            try (WorkerLauncher.Running worker = startWorker(broker, neo4j, viaBroker)) {
                awaitCaughtUp(broker, viaBroker);
            }

            // Watermarks are per (topic, partition) the tenant's log keys land in; the two tenants' keys differ, so
            // their partitions may too. They are bookkeeping, not graph content.
            Map<String, Long> a = GraphCounts.of(neo4j, inProcess.value());
            Map<String, Long> b = GraphCounts.of(neo4j, viaBroker.value());
            a.remove("node:Watermark");
            b.remove("node:Watermark");
            assertThat(a).as(s.name() + " in process").containsKeys("node:Signal", "link:ABOUT");
            assertThat(b).as(s.name() + " via the broker and a worker").isEqualTo(a);
        }
    }

    /** The normalizers' outputs of the whole replay, produced to the graph-builder's topics. */
    private static void produceNormalized(KafkaBroker broker, TenantId tenant, Scenario s) {
        List<ReplayRecord> replayed = Pipeline.replay(tenant, s);
        Partitions raw = new Partitions();
        List<InboundRecord> inbound = new ArrayList<>();
        for (ReplayRecord r : replayed) {
            inbound.add(raw.place(r.topic(), r.key().getBytes(StandardCharsets.UTF_8), r.value(), r.at()));
        }
        List<OutboundRecord> out = new Normalizers().process(inbound);
        Instant last = replayed.get(replayed.size() - 1).at();
        try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            for (OutboundRecord o : out) {
                producer.send(new ProducerRecord<>(o.topic(), null, last.toEpochMilli(), o.key(), o.value()));
            }
            producer.flush();
        }
    }

    private static WorkerLauncher.Running startWorker(KafkaBroker broker, Neo4jServer neo4j, TenantId tenant)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CLIENT_ID", tenant.value());
        env.put("KAFKA_BROKERS", broker.bootstrapServers());
        env.put("NEO4J_URI", neo4j.boltUri());
        env.put("METRICS_PORT", "0");
        env.put("POLL_TIMEOUT", "200ms");
        env.put("MAX_POLL_RECORDS", "2000");
        env.put("SHUTDOWN_TIMEOUT", "10s");
        WorkerSettings settings = WorkerSettings.fromEnv(GraphBuilderMain.WORKER, GraphBuilderMain.TOPICS, new Env(env));
        return WorkerLauncher.start(settings, new GraphBuilderFactory());
    }

    private static void awaitCaughtUp(KafkaBroker broker, TenantId tenant) {
        String group = GraphBuilderMain.WORKER + "-" + tenant.value();
        Awaitility.await("group " + group + " caught up").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500)).until(() -> Offsets.lag(broker.admin(), group, GraphBuilderMain.TOPICS) == 0);
    }
}
