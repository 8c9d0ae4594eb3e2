package io.kgrca.agent.it;

import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.kafka.KafkaRecordPublisher;
import io.kgrca.common.config.Env;
import io.kgrca.common.topic.TopicSpec;
import io.kgrca.common.topic.Topics;
import io.kgrca.testsupport.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared helpers of the agent ITs: configuration for a test tenant, topics, reading a tenant's records. */
final class AgentHarness {

    private AgentHarness() {
    }

    static void createTopics(KafkaBroker broker) {
        for (TopicSpec t : Topics.all()) {
            broker.createTopic(t.name(), t.partitions(), t.configs());
        }
    }

    /** Fast timings so that the tests stay short; extra entries override. */
    static AgentConfig config(KafkaBroker broker, String tenant, String identity, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("CLIENT_ID", tenant);
        env.put("CLUSTER_NAME", tenant + "-cluster");
        env.put("KAFKA_BROKERS", broker.bootstrapServers());
        env.put("POD_NAME", identity);
        env.put("POD_NAMESPACE", "kg-agent");
        env.put("LEASE_DURATION", "4s");
        env.put("LEASE_RENEW_DEADLINE", "3s");
        env.put("LEASE_RETRY_PERIOD", "500ms");
        env.put("HEARTBEAT_INTERVAL", "1s");
        env.put("METRICS_PORT", "0");
        env.put("SEND_TIMEOUT", "30s");
        env.putAll(extra);
        return AgentConfig.fromEnv(new Env(env));
    }

    /** The records of {@code tenant} on {@code topic}, in order per partition. */
    static List<ConsumerRecord<byte[], byte[]>> records(KafkaBroker broker, String topic, String tenant) {
        String prefix = tenant + "::";
        return broker.readAll(topic, Duration.ofSeconds(20)).stream()
                .filter(r -> {
                    String k = key(r);
                    return k.equals(tenant) || k.startsWith(prefix);
                }).toList();
    }

    static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    }

    static String sender(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(KafkaRecordPublisher.AGENT_HEADER);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The latest value per key (null for a tombstone), as a compacted topic would keep it. */
    static Map<String, byte[]> latest(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, byte[]> m = new HashMap<>();
        records.forEach(r -> m.put(key(r), r.value()));
        return m;
    }
}
