package io.kgrca.controlplane.security;

import io.kgrca.common.config.Env;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementFollower;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PlacementView;
import io.kgrca.common.placement.PoolNames;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.admission.TenantCommand;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.SecuredKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server's own principals on the secured broker, and the operator's command. */
@ExtendWith(KafkaBrokerExtension.class)
class ServicePrincipalsIT {

    private static final String CONTROL_PLANE = "kg-control-plane";
    private static final String WORKER = "kg-worker";

    private SecuredKafkaBroker secured;

    @BeforeEach
    void setUp(SecuredKafkaBroker broker) {
        secured = broker;
        SecuredClients.createTopics(broker);
        new ServicePrincipals(CONTROL_PLANE, List.of(WORKER), true).apply(new PrincipalAdmin(broker.broker().admin()));
    }

    @Test
    void theControlPlaneReadsItsTopicsWritesRepliesDeletesWorkerGroupsButWritesNoTenantTopic() throws Exception {
        Map<String, Object> cp = SecuredClients.internalClient(secured, CONTROL_PLANE);
        try (KafkaProducer<byte[], byte[]> admin = secured.broker().newProducer()) {
            admin.send(new ProducerRecord<>(Topics.CLUSTER_REGISTRY, new byte[]{1})).get();
        }

        assertThat(SecuredClients.pollAssigned(cp, Topics.CLUSTER_REGISTRY)).isPositive();
        try (KafkaProducer<byte[], byte[]> p = SecuredClients.producer(cp)) {
            SecuredClients.send(p, TenantAccess.REGISTRY_REPLIES, "sp-tenant");
            assertThatThrownBy(() -> SecuredClients.send(p, Topics.RAW_K8S_EVENTS, "sp-tenant::event::1"))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThatThrownBy(() -> SecuredClients.pollAssigned(cp, Topics.RAW_K8S_LOGS))
                .isInstanceOf(TopicAuthorizationException.class);
        commitAsWorker("event-normalizer-sp-gone");
        try (Admin admin = Admin.create(cp)) {
            admin.deleteConsumerGroups(List.of("event-normalizer-sp-gone")).all().get(20, TimeUnit.SECONDS);
            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("some-other-group")).all().get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void tenantAddAndRemoveProvisionAndRevokeTheKafkaPrincipalInOneCommandWhenTheControlPlaneManagesPrincipals()
            throws Exception {
        Map<String, String> env = new HashMap<>(secured.internalClientEnv(CONTROL_PLANE));
        env.put("KAFKA_CONTROL_PLANE_MANAGES_PRINCIPALS", "true");
        env.put("PROVISION_TOPICS", "false");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int added = TenantCommand.run(List.of("add", "sp-one"), new Env(env),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(added).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Properties printed = new Properties();
        printed.load(new StringReader(out.toString(StandardCharsets.UTF_8)));
        assertThat(printed.getProperty("username")).isEqualTo("tenant-sp-one");
        TenantCredentials c = new TenantCredentials(TenantId.of("sp-one"), printed.getProperty("username"),
                printed.getProperty("password"), printed.getProperty("mechanism"));
        try (KafkaProducer<byte[], byte[]> p = SecuredClients.producer(SecuredClients.tenantClient(secured, c))) {
            assertThat(SecuredClients.send(p, Topics.CLUSTER_REGISTRY, "sp-one").hasOffset()).isTrue();
        }

        int removed = TenantCommand.run(List.of("remove", "sp-one"), new Env(env),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(removed).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(new TenantPrincipals(new PrincipalAdmin(secured.broker().admin()), TenantAccess.agent()).provisioned())
                .doesNotContain(TenantId.of("sp-one"));
    }

    @Test
    void theControlPlaneThatManagesPrincipalsProvisionsATenantWithItsOwnCredentials() throws Exception {
        try (Admin cpAdmin = Admin.create(SecuredClients.internalClient(secured, CONTROL_PLANE))) {
            TenantCredentials c = new TenantPrincipals(new PrincipalAdmin(cpAdmin), TenantAccess.agent())
                    .provision(TenantId.of("sp-by-cp"));

            try (KafkaProducer<byte[], byte[]> p = SecuredClients.producer(SecuredClients.tenantClient(secured, c))) {
                assertThat(SecuredClients.send(p, Topics.CLUSTER_HEARTBEAT, "sp-by-cp").hasOffset()).isTrue();
            }
        }
    }

    @Test
    void aWorkerConsumesInAWorkerGroupWritesItsOutputAndReadsNoControlTopic() throws Exception {
        try (KafkaProducer<byte[], byte[]> admin = secured.broker().newProducer()) {
            admin.send(new ProducerRecord<>(Topics.RAW_K8S_EVENTS, new byte[]{1})).get();
        }

        commitAsWorker("event-normalizer-sp-worker");
        Map<String, Object> worker = SecuredClients.internalClient(secured, WORKER);
        try (KafkaProducer<byte[], byte[]> p = SecuredClients.producer(worker)) {
            SecuredClients.send(p, Topics.EVENTS_NORMALIZED, "sp-worker::event::1");
            SecuredClients.send(p, Topics.DLQ_RAW, "sp-worker::event::2");
            assertThatThrownBy(() -> SecuredClients.send(p, Topics.CLUSTER_REGISTRY, "sp-worker"))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThatThrownBy(() -> SecuredClients.pollAssigned(worker, Topics.CLUSTER_REGISTRY))
                .isInstanceOf(TopicAuthorizationException.class);
        try (KafkaConsumer<byte[], byte[]> other = SecuredClients.consumer(worker, "not-a-worker-group")) {
            other.subscribe(List.of(Topics.RAW_K8S_EVENTS));
            assertThatThrownBy(() -> other.poll(Duration.ofSeconds(10))).isInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void aPoolInstanceConsumesInItsPoolGroupAndFollowsThePlacements() throws Exception {
        try (KafkaProducer<byte[], byte[]> admin = secured.broker().newProducer()) {
            admin.send(new ProducerRecord<>(Topics.CLUSTER_PLACEMENT, "sp-pooled".getBytes(StandardCharsets.UTF_8),
                    JsonCodec.shared().encode(Placement.initial("sp-pooled", PlacementMode.SHARED, Instant.now()))))
                    .get();
            admin.send(new ProducerRecord<>(Topics.RAW_K8S_EVENTS, new byte[]{1})).get();
        }

        for (String kind : List.of("event-normalizer", "log-normalizer", "graph-builder")) {
            commitAsWorker(PoolNames.group(kind));
        }
        PlacementView view = new PlacementView();
        try (PlacementFollower follower = new PlacementFollower(SecuredClients.internalClient(secured, WORKER),
                "sp-pool-placement", view, "sp-pool").start()) {
            assertThat(view.awaitCaughtUp(Duration.ofSeconds(30))).as("the worker read cluster.placement").isTrue();
            assertThat(view.get("sp-pooled")).map(Placement::mode).contains(PlacementMode.SHARED);
        }
        try (KafkaProducer<byte[], byte[]> p = SecuredClients.producer(SecuredClients.internalClient(secured, WORKER))) {
            assertThatThrownBy(() -> SecuredClients.send(p, Topics.CLUSTER_PLACEMENT, "sp-pooled"))
                    .as("only the control plane places").isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void applyingTheServicePlanTwiceChangesNothing() {
        PrincipalAdmin admin = new PrincipalAdmin(secured.broker().admin());
        ServicePrincipals plan = new ServicePrincipals(CONTROL_PLANE, List.of(WORKER), true);

        plan.apply(admin);

        assertThat(admin.applyAcls(WORKER, plan.plan().get(WORKER)).isEmpty()).isTrue();
        assertThat(admin.applyAcls(CONTROL_PLANE, plan.plan().get(CONTROL_PLANE)).isEmpty()).isTrue();
    }

    @Test
    void theOperatorsCommandAddsListsAndRemovesATenantWhoseCredentialsWork() throws Exception {
        Env env = new Env(secured.internalClientEnv(SecuredKafkaBroker.ADMIN));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int added = KafkaSecurityMain.run(new String[]{"tenant-add", "sp-cli"}, env, new PrintStream(out, true), new PrintStream(err, true));

        assertThat(added).as(err.toString()).isZero();
        Properties printed = new Properties();
        printed.load(new StringReader(out.toString(StandardCharsets.UTF_8)));
        assertThat(printed.getProperty("username")).isEqualTo("tenant-sp-cli");
        assertThat(printed.getProperty("mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(printed.getProperty("quota")).isEqualTo("producer_byte_rate=1048576 B/s");
        TenantCredentials c = new TenantCredentials(TenantId.of("sp-cli"), printed.getProperty("username"),
                printed.getProperty("password"), printed.getProperty("mechanism"));
        try (KafkaProducer<byte[], byte[]> p = SecuredClients.producer(SecuredClients.tenantClient(secured, c))) {
            SecuredClients.send(p, Topics.CLUSTER_REGISTRY, "sp-cli");
        }
        out.reset();
        assertThat(KafkaSecurityMain.run(new String[]{"tenant-list"}, env, new PrintStream(out, true), System.err)).isZero();
        // one line per tenant: its id, a tab and its quota as the broker describes it (default 1 MiB/s)
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).contains("sp-cli\tproducer_byte_rate=1048576 B/s");
        assertThat(KafkaSecurityMain.run(new String[]{"tenant-remove", "sp-cli"}, env, System.out, System.err)).isZero();
        assertThat(KafkaSecurityMain.run(new String[]{"tenant-add", "Not_Valid"}, env, System.out, new PrintStream(err))).isEqualTo(2);
        assertThat(KafkaSecurityMain.run(new String[]{"tenant-add"}, env, System.out, new PrintStream(err))).isEqualTo(2);
    }

    private void commitAsWorker(String group) {
        Map<String, Object> worker = new HashMap<>(SecuredClients.internalClient(secured, WORKER));
        try (KafkaConsumer<byte[], byte[]> c = SecuredClients.consumer(worker, group)) {
            c.subscribe(List.of(Topics.RAW_K8S_EVENTS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (c.assignment().isEmpty() && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200));
            }
            c.commitSync(Map.of(new TopicPartition(Topics.RAW_K8S_EVENTS, 0), new OffsetAndMetadata(0)));
        }
    }
}
