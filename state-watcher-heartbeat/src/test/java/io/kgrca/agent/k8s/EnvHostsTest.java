package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class EnvHostsTest {

    @Test
    void aUrlGivesItsHostWithoutUserPasswordPortPathOrQuery() {
        assertThat(EnvHosts.fromVariable("DATABASE", "postgres://app:s3cr3tPass@db:5432/orders?sslmode=require&password=x"))
                .containsExactly("db");
        assertThat(EnvHosts.fromVariable("UPSTREAM", "https://api.payments.example.com/v1/charge?token=abc"))
                .containsExactly("api.payments.example.com");
    }

    @Test
    void hostPortTokensAndBrokerListsGiveEachHost() {
        assertThat(EnvHosts.fromVariable("KAFKA_BROKERS", "kafka-0.kafka:9092,kafka-1.kafka:9092"))
                .containsExactly("kafka-0.kafka", "kafka-1.kafka");
        assertThat(EnvHosts.fromVariable("CACHE", "redis:6379")).containsExactly("redis");
    }

    @Test
    void aDottedDnsNameIsAHostButFileNamesAndVersionsAreNot() {
        assertThat(EnvHosts.fromVariable("CACHE", "redis.cache.svc.cluster.local")).containsExactly("redis.cache.svc.cluster.local");
        assertThat(EnvHosts.fromVariable("CONFIG", "application.yaml")).isEmpty();
        assertThat(EnvHosts.fromVariable("VERSION", "1.2.3")).isEmpty();
        assertThat(EnvHosts.fromVariable("GREETING", "hello world")).isEmpty();
    }

    @Test
    void aBareValueIsAHostOnlyWhenTheNameSaysSo() {
        assertThat(EnvHosts.fromVariable("DB_HOST", "postgres")).containsExactly("postgres");
        assertThat(EnvHosts.fromVariable("AUTH_SERVICE", "auth")).containsExactly("auth");
        assertThat(EnvHosts.fromVariable("MODE", "postgres")).isEmpty();
    }

    @Test
    void secretLookingVariablesAndMixedCaseValuesNeverGiveAHost() {
        assertThat(EnvHosts.fromVariable("DB_PASSWORD", "hunter2.example.com")).isEmpty();
        assertThat(EnvHosts.fromVariable("API_TOKEN_HOST", "tok")).isEmpty();
        assertThat(EnvHosts.fromVariable("DB_HOST", "Sup3rS3cret")).isEmpty();
        // An '@' after the authority (user info holding a '/'): the host cannot be told apart from the secret.
        assertThat(EnvHosts.fromVariable("DSN", "mysql://root:pa/ss@mysql:3306/db")).isEmpty();
    }

    @Test
    void loopbackAndWildcardAddressesAreDropped() {
        assertThat(EnvHosts.fromVariable("BIND_ADDR", "0.0.0.0:8080")).isEmpty();
        assertThat(EnvHosts.fromVariable("PEER_URL", "http://localhost:9000")).isEmpty();
        assertThat(EnvHosts.fromVariable("PEER_ADDR", "10.0.3.7:9000")).containsExactly("10.0.3.7");
    }

    @Test
    void onlyPlainValuesCountAndTheResultIsSortedUniqueAndBounded() {
        Container c = new ContainerBuilder().withName("app")
                .addNewEnv().withName("DB_HOST").withValue("postgres").endEnv()
                .addNewEnv().withName("DB_URL").withValue("postgres://postgres:5432/x").endEnv()
                .addNewEnv().withName("CACHE_HOST").withNewValueFrom().withNewSecretKeyRef("host", "cache", false)
                .endValueFrom().endEnv()
                .build();
        assertThat(EnvHosts.of(List.of(c))).containsExactly("postgres");

        ContainerBuilder many = new ContainerBuilder().withName("many");
        IntStream.range(0, 30).forEach(i -> many.addNewEnv().withName("PEER_" + i + "_HOST").withValue("peer-" + (100 + i))
                .endEnv());
        List<String> hosts = EnvHosts.of(List.of(many.build()));
        assertThat(hosts).hasSize(EnvHosts.MAX).isSorted().startsWith("peer-100");
    }
}
