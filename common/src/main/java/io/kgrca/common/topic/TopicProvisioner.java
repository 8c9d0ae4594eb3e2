package io.kgrca.common.topic;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Creates the topics of a catalog that are missing and reports, without changing anything, existing topics whose
 * partitions or configs differ. Running it twice is harmless; two provisioners racing is harmless too.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final short replicationFactor;
    private final Duration timeout;

    /** A provisioner that creates topics with {@code replicationFactor} replicas. */
    public TopicProvisioner(Admin admin, short replicationFactor, Duration timeout) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /** Provisions {@code specs}. */
    public ProvisionReport provision(Collection<TopicSpec> specs) throws InterruptedException, TimeoutException {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> created = new ArrayList<>();
            List<TopicSpec> toCheck = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name()) && create(spec)) {
                    created.add(spec.name());
                } else {
                    toCheck.add(spec);
                }
            }
            List<ProvisionReport.Drift> drifts = compare(toCheck);
            Set<String> drifted = drifts.stream().map(ProvisionReport.Drift::topic).collect(Collectors.toSet());
            List<String> unchanged = toCheck.stream().map(TopicSpec::name).filter(n -> !drifted.contains(n)).toList();
            created.forEach(t -> LOG.info("created topic {}", t));
            drifts.forEach(d -> LOG.warn("topic settings differ from the catalog (left unchanged): {}", d));
            return new ProvisionReport(created, unchanged, drifts);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot provision topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private boolean create(TopicSpec spec) throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic topic = new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.configs());
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false; // someone else created it meanwhile; compare it like any existing topic
            }
            throw e;
        }
    }

    private List<ProvisionReport.Drift> compare(List<TopicSpec> specs)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (specs.isEmpty()) {
            return List.of();
        }
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, TopicDescription> descriptions;
        Map<ConfigResource, Config> configs;
        while (true) {
            try {
                descriptions = admin.describeTopics(names).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                configs = admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                break;
            } catch (ExecutionException e) {
                // A topic created a moment ago (by us or by a racing provisioner) may not be in the broker's
                // metadata yet; that settles within milliseconds.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
        List<ProvisionReport.Drift> drifts = new ArrayList<>();
        for (TopicSpec spec : specs) {
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions != spec.partitions()) {
                drifts.add(new ProvisionReport.Drift(spec.name(), "partitions",
                        String.valueOf(spec.partitions()), String.valueOf(partitions)));
            }
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            for (Map.Entry<String, String> wanted : spec.configs().entrySet()) {
                ConfigEntry entry = config.get(wanted.getKey());
                String actual = entry == null ? null : entry.value();
                if (!wanted.getValue().equals(actual)) {
                    drifts.add(new ProvisionReport.Drift(spec.name(), wanted.getKey(), wanted.getValue(), actual));
                }
            }
        }
        return drifts;
    }
}
