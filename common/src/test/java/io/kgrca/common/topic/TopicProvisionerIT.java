package io.kgrca.common.topic;

import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The provisioner against a real broker, on a copy of the catalog with unique names. */
@ExtendWith(KafkaBrokerExtension.class)
class TopicProvisionerIT {

    @Test
    void createsWhatIsMissingThenReportsDriftWithoutChangingIt(KafkaBroker broker) throws Exception {
        String suffix = "-" + UUID.randomUUID();
        List<TopicSpec> catalog = Topics.all().stream()
                .map(t -> new TopicSpec(t.name() + suffix, t.partitions(), t.configs(), t.purpose()))
                .toList();
        TopicProvisioner provisioner = new TopicProvisioner(broker.admin(), (short) 1, Duration.ofSeconds(30));

        ProvisionReport first = provisioner.provision(catalog);
        ProvisionReport second = provisioner.provision(catalog);

        assertThat(first.created()).hasSize(Topics.all().size());
        assertThat(first.clean()).isTrue();
        assertThat(second.created()).isEmpty();
        assertThat(second.unchanged()).hasSize(Topics.all().size());
        assertThat(second.clean()).as("second run: %s", second.drifts()).isTrue();

        String registry = "cluster.registry" + suffix;
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, registry);
        broker.admin().incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SET)))).all().get();

        ProvisionReport third = provisioner.provision(catalog);

        assertThat(third.drifts()).extracting(ProvisionReport.Drift::toString)
                .containsExactly(registry + ": cleanup.policy is delete, catalog says compact");
        String stillThere = broker.admin().describeConfigs(List.of(resource)).all().get().get(resource)
                .get("cleanup.policy").value();
        assertThat(stillThere).as("drift is reported, never changed").isEqualTo("delete");
        assertThat(third.unchanged().stream().collect(Collectors.toSet())).hasSize(Topics.all().size() - 1);
    }

    @Test
    void aTopicWithOtherPartitionsIsReportedAsDrift(KafkaBroker broker) throws Exception {
        String name = "raw.k8s.events-" + UUID.randomUUID();
        broker.createTopic(name, 2, Map.of());
        TopicSpec spec = new TopicSpec(name, 6, Map.of("cleanup.policy", "delete"), "test");

        ProvisionReport report = new TopicProvisioner(broker.admin(), (short) 1, Duration.ofSeconds(30))
                .provision(List.of(spec));

        assertThat(report.drifts()).containsExactly(new ProvisionReport.Drift(name, "partitions", "6", "2"));
    }
}
