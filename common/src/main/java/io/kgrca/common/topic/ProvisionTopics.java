package io.kgrca.common.topic;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;

/**
 * Command-line topic provisioning, for the compose stack's one-shot service: creates the missing topics of the
 * catalog, prints what differs, and exits 0 (or 1 when {@code --strict} and a topic differs, 2 on bad configuration,
 * 3 when Kafka cannot be reached). Environment: {@code KAFKA_BROKERS} and the security variables,
 * {@code TOPIC_REPLICATION_FACTOR} (default 1).
 */
public final class ProvisionTopics {

    private ProvisionTopics() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        Env env = Env.system();
        KafkaSettings kafka;
        short rf;
        try {
            kafka = KafkaSettings.fromEnv(env, null);
            rf = (short) env.integer("TOPIC_REPLICATION_FACTOR", 1, 1, 7);
        } catch (InvalidConfigurationException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            ProvisionReport report = new TopicProvisioner(admin, rf, Duration.ofSeconds(60)).provision(Topics.all());
            report.created().forEach(t -> System.out.println("created   " + t));
            report.unchanged().forEach(t -> System.out.println("unchanged " + t));
            report.drifts().forEach(d -> System.out.println("DIFFERS   " + d));
            boolean strict = args.length > 0 && "--strict".equals(args[0]);
            System.exit(strict && !report.clean() ? 1 : 0);
        } catch (Exception e) {
            System.err.println("cannot provision topics at " + kafka.brokers() + ": " + e.getMessage());
            System.exit(3);
        }
    }
}
