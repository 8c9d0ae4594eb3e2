package io.kgrca.controlplane.security;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.SecuredKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Tenant principals on the secured broker (SASL_SSL + SCRAM-SHA-512, StandardAuthorizer), with clients built from
 * the same {@code KAFKA_*} variables the agent chart renders.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TenantPrincipalsIT {

    private SecuredKafkaBroker secured;
    private TenantPrincipals principals;

    @BeforeEach
    void setUp(SecuredKafkaBroker broker) {
        secured = broker;
        SecuredClients.createTopics(broker);
        principals = new TenantPrincipals(new PrincipalAdmin(broker.broker().admin()), TenantAccess.agent());
    }

    @Test
    void aProvisionedTenantProducesToEveryTopicTheAgentWritesOverSaslSsl() throws Exception {
        TenantCredentials c = principals.provision(TenantId.of("tp-writer"));

        try (KafkaProducer<byte[], byte[]> p = SecuredClients.producer(SecuredClients.tenantClient(secured, c))) {
            for (String topic : TenantAccess.AGENT_TOPICS) {
                assertThat(SecuredClients.send(p, topic, "tp-writer::x::1").hasOffset()).as(topic).isTrue();
            }
        }
        assertThat(c.username()).isEqualTo("tenant-tp-writer");
        assertThat(c.mechanism()).isEqualTo("SCRAM-SHA-512");
        assertThat(principals.provisioned()).contains(TenantId.of("tp-writer"));
    }

    @Test
    void aTenantsCredentialsReadNoTopicWithOrWithoutAConsumerGroup() throws Exception {
        TenantCredentials c = principals.provision(TenantId.of("tp-reader"));
        try (KafkaProducer<byte[], byte[]> admin = secured.broker().newProducer()) {
            for (String topic : SecuredClients.ALL_TOPICS) {
                admin.send(new ProducerRecord<>(topic, new byte[]{1})).get();
            }
        }
        Map<String, Object> client = SecuredClients.tenantClient(secured, c);

        for (String topic : SecuredClients.ALL_TOPICS) {
            assertThatThrownBy(() -> SecuredClients.pollAssigned(client, topic)).as(topic)
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<byte[], byte[]> grouped = SecuredClients.consumer(client, "graph-builder-tp-reader")) {
            grouped.subscribe(List.of(Topics.STATE_K8S_RESOURCE));
            assertThatThrownBy(() -> grouped.poll(Duration.ofSeconds(10))).isInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void aTenantCannotWriteServerTopicsCreateTopicsGrantItselfAclsOrCredentials() throws Exception {
        TenantCredentials c = principals.provision(TenantId.of("tp-limited"));
        Map<String, Object> client = SecuredClients.tenantClient(secured, c);

        try (KafkaProducer<byte[], byte[]> p = SecuredClients.producer(client)) {
            for (String topic : List.of(Topics.EVENTS_NORMALIZED, Topics.DLQ_RAW, AclPlan.TENANTS_TOPIC,
                    TenantAccess.REGISTRY_REPLIES, Topics.ALERTS_ENRICHED)) {
                assertThatThrownBy(() -> SecuredClients.send(p, topic, "tp-limited")).as(topic)
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
        try (Admin admin = Admin.create(client)) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("tp-own", 1, (short) 1))).all()
                    .get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(AuthorizationException.class);
            assertThatThrownBy(() -> admin.createAcls(AclPlan.tenant(TenantId.of("tp-limited"),
                    TenantAccess.agentReadingReplies(Topics.CLUSTER_HEARTBEAT + ".x"))).all().get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(AuthorizationException.class);
            assertThatThrownBy(() -> new PrincipalAdmin(admin).upsertCredential("tenant-other", "pw-123456"))
                    .hasCauseInstanceOf(AuthorizationException.class);
            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("graph-builder-tp-limited")).all()
                    .get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(AuthorizationException.class);
        }
    }

    /**
     * The documented limit: ACLs authorize topics, not keys, and Kafka does not record the producing principal on
     * the record. A tenant can therefore write a record keyed for another tenant on a shared topic it may write.
     */
    @Test
    void aTenantCanStillWriteARecordKeyedForAnotherTenantOnASharedTopicTheKnownLimit() throws Exception {
        TenantCredentials a = principals.provision(TenantId.of("tp-a"));

        try (KafkaProducer<byte[], byte[]> p = SecuredClients.producer(SecuredClients.tenantClient(secured, a))) {
            assertThat(SecuredClients.send(p, Topics.CLUSTER_REGISTRY, "tp-c").hasOffset()).isTrue();
        }
    }

    @Test
    void aRevokedTenantCanNoLongerProduceOnAnOpenConnectionNorConnectAgain() throws Exception {
        TenantId tenant = TenantId.of("tp-revoked");
        TenantCredentials c = principals.provision(tenant);
        Map<String, Object> client = SecuredClients.tenantClient(secured, c);
        try (KafkaProducer<byte[], byte[]> open = SecuredClients.producer(client)) {
            SecuredClients.send(open, Topics.CLUSTER_HEARTBEAT, "tp-revoked");

            principals.revoke(tenant);

            assertThatThrownBy(() -> SecuredClients.send(open, Topics.CLUSTER_HEARTBEAT, "tp-revoked"))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (Admin fresh = Admin.create(client)) {
            assertThatThrownBy(() -> fresh.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        assertThat(principals.provisioned()).doesNotContain(tenant);
        assertThat(secured.broker().admin().describeAcls(AclPlan.everyAclOf(c.username())).values()
                .get(20, TimeUnit.SECONDS)).isEmpty();
        principals.revoke(tenant);
    }

    @Test
    void provisioningAgainRotatesThePasswordAndLeavesExactlyThePlannedAcls() throws Exception {
        TenantId tenant = TenantId.of("tp-rotate");
        TenantCredentials first = principals.provision(tenant);
        TenantCredentials second = principals.provision(tenant);

        assertThat(second.password()).isNotEqualTo(first.password());
        try (Admin old = Admin.create(SecuredClients.tenantClient(secured, first))) {
            assertThatThrownBy(() -> old.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        try (KafkaProducer<byte[], byte[]> p = SecuredClients.producer(SecuredClients.tenantClient(secured, second))) {
            SecuredClients.send(p, Topics.CLUSTER_REGISTRY, "tp-rotate");
        }
        assertThat(Set.copyOf(secured.broker().admin().describeAcls(AclPlan.everyAclOf(second.username())).values()
                .get(20, TimeUnit.SECONDS))).isEqualTo(AclPlan.tenant(tenant, TenantAccess.agent()));
    }

    @Test
    void aProduceQuotaIsSetAtProvisioningAndRemovedAtRevoke() {
        PrincipalAdmin admin = new PrincipalAdmin(secured.broker().admin());
        TenantPrincipals limited = new TenantPrincipals(admin, TenantAccess.agent(), 1_048_576L);
        TenantId tenant = TenantId.of("tp-quota");

        limited.provision(tenant);

        // the broker serves quotas from its metadata image, which follows the controller's commit
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(admin.produceRate("tenant-tp-quota")).hasValue(1_048_576L));
        limited.revoke(tenant);
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(admin.produceRate("tenant-tp-quota")).isEmpty());
    }

    @Test
    void aTenantOptedIntoRepliesReadsThemByAssignmentAndStillNothingElse() throws Exception {
        TenantPrincipals withReplies = new TenantPrincipals(new PrincipalAdmin(secured.broker().admin()),
                TenantAccess.agentReadingReplies(TenantAccess.REGISTRY_REPLIES));
        TenantCredentials c = withReplies.provision(TenantId.of("tp-replies"));
        try (KafkaProducer<byte[], byte[]> admin = secured.broker().newProducer()) {
            admin.send(new ProducerRecord<>(TenantAccess.REGISTRY_REPLIES,
                    "tp-replies".getBytes(), new byte[]{1})).get();
        }
        Map<String, Object> client = SecuredClients.tenantClient(secured, c);

        assertThat(SecuredClients.pollAssigned(client, TenantAccess.REGISTRY_REPLIES)).isPositive();
        assertThatThrownBy(() -> SecuredClients.pollAssigned(client, Topics.CLUSTER_REGISTRY))
                .isInstanceOf(TopicAuthorizationException.class);
    }
}
