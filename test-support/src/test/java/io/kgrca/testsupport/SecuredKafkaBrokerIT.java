package io.kgrca.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The secured broker authenticates every listener and authorizes by ACL; only the administrator is a super user. */
@ExtendWith(KafkaBrokerExtension.class)
class SecuredKafkaBrokerIT {

    @Test
    void theAdministratorCreatesTopicsProducesAndReadsOnTheInternalListener(SecuredKafkaBroker secured) throws Exception {
        KafkaBroker broker = secured.broker();
        broker.createTopic("sb-admin", 1, Map.of());
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            p.send(new ProducerRecord<>("sb-admin", "k".getBytes(StandardCharsets.UTF_8), new byte[]{1})).get();
        }

        assertThat(broker.readAll("sb-admin", Duration.ofSeconds(20))).hasSize(1);
        assertThat(broker.bootstrapServers()).isEqualTo(secured.internalBootstrapServers());
    }

    @Test
    void aScramUserWithoutAclsAuthenticatesOverTlsButMayNotWrite(SecuredKafkaBroker secured) throws Exception {
        secured.broker().createTopic("sb-noacl", 1, Map.of());
        secured.broker().admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("sb-user",
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), "sb-password"))).all()
                .get(30, TimeUnit.SECONDS);

        try (KafkaProducer<byte[], byte[]> p = producer(secured.externalClientProps("sb-user", "sb-password"))) {
            assertThatThrownBy(() -> p.send(new ProducerRecord<>("sb-noacl", new byte[]{1})).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefusedOnEveryListener(SecuredKafkaBroker secured) {
        Map<String, Object> external = secured.externalClientProps(SecuredKafkaBroker.ADMIN, "wrong");
        Map<String, Object> internal = secured.internalClientProps(SecuredKafkaBroker.ADMIN, "wrong");
        for (Map<String, Object> props : List.of(external, internal)) {
            try (Admin admin = Admin.create(props)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> props) {
        Map<String, Object> p = new HashMap<>(props);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(p);
    }
}
