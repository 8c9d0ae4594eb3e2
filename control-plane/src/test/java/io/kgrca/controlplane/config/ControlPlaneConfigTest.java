package io.kgrca.controlplane.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlPlaneConfigTest {

    @Test
    void defaultsAreTheOriginalsTimingsAndSafeLimits() {
        ControlPlaneConfig c = ControlPlaneConfig.fromEnv(new Env(Map.of()));

        assertThat(c.heartbeatTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.cleanupTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.startupGrace()).isEqualTo(c.heartbeatTimeout());
        assertThat(c.limits().memoryBytes()).isEqualTo(384L * 1024 * 1024);
        assertThat(c.httpBindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.httpPort()).isEqualTo(9090);
        assertThat(c.admission().open()).as("tenants are admitted, not self-declared").isFalse();
        assertThat(c.admission().maxTenants()).isEqualTo(500);
        assertThat(c.admission().deadTenantRetention()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void admissionCanBeOpenedAndDeadTenantsForgottenAtOnce() {
        ControlPlaneConfig c = ControlPlaneConfig.fromEnv(new Env(Map.of("ADMISSION", "open", "MAX_TENANTS", "3",
                "DEAD_TENANT_RETENTION", "0")));

        assertThat(c.admission().open()).isTrue();
        assertThat(c.admission().maxTenants()).isEqualTo(3);
        assertThat(c.admission().deadTenantRetention()).isZero();
    }

    @Test
    void workersGetTheirOwnSaslPrincipalWhenOneIsGivenAndTheControlPlanesOtherwise() {
        Map<String, String> base = Map.of("KAFKA_BROKERS", "127.0.0.1:9092", "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_USERNAME", "kg-control-plane", "KAFKA_SASL_PASSWORD", "cp-pw");
        ControlPlaneConfig same = ControlPlaneConfig.fromEnv(new Env(base));
        assertThat(same.workerKafka().env()).containsEntry("KAFKA_SASL_USERNAME", "kg-control-plane");

        Map<String, String> own = new HashMap<>(base);
        own.put("WORKER_KAFKA_SASL_USERNAME", "kg-worker");
        own.put("WORKER_KAFKA_SASL_PASSWORD", "worker-pw");
        ControlPlaneConfig c = ControlPlaneConfig.fromEnv(new Env(own));
        assertThat(c.workerKafka().env()).containsEntry("KAFKA_SASL_USERNAME", "kg-worker")
                .containsEntry("KAFKA_SASL_PASSWORD", "worker-pw").containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        assertThat(c.kafka().env()).as("the control plane keeps its own").containsEntry("KAFKA_SASL_USERNAME",
                "kg-control-plane");

        own.remove("WORKER_KAFKA_SASL_PASSWORD");
        assertThatThrownBy(() -> ControlPlaneConfig.fromEnv(new Env(own))).hasMessageContaining("WORKER_KAFKA_SASL_PASSWORD");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "HEARTBEAT_TIMEOUT|soon", "CLEANUP_TIMEOUT|-5m", "RECONCILE_INTERVAL|0s", "WORKER_MEMORY_LIMIT|lots",
            "WORKER_MEMORY_LIMIT|1m", "WORKER_CPU_LIMIT|0", "WORKER_PORT_RANGE|80-90", "WORKER_PORT_RANGE|abc",
            "MAX_RESTARTS|0", "HTTP_PORT|70000", "KAFKA_BROKERS|nohostport", "SPAWN_RATE_PER_SECOND|fast",
            "PROVISION_TOPICS|maybe", "CONTROL_PLANE_NAME|Prod_1", "CONTROL_PLANE_NAME|-x", "KAFKA_SECURITY_PROTOCOL|SCRAM-SHA-512",
            "ADMISSION|closed", "MAX_TENANTS|0", "DEAD_TENANT_RETENTION|forever",
            "HTTP_BIND_ADDRESS|0.0.0.0", "WORKER_BIND_ADDRESS|0.0.0.0", "API_PORT|-2", "WORKER_PIDS_LIMIT|5",
            "WORKER_TMP_SIZE|1k", "WORKER_SECRETS_DIR|relative/dir"})
    void anInvalidValueStopsTheStartNamingItsVariable(String variable, String value) {
        assertThatThrownBy(() -> ControlPlaneConfig.fromEnv(new Env(Map.of(variable, value))))
                .isInstanceOf(InvalidConfigurationException.class)
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).variable()).isEqualTo(variable));
    }

    @Test
    void anApiListenerOffLoopbackRequiresTls() {
        assertThatThrownBy(() -> ControlPlaneConfig.fromEnv(new Env(Map.of("API_PORT", "9443",
                "API_BIND_ADDRESS", "0.0.0.0")))).isInstanceOf(InvalidConfigurationException.class)
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).variable()).isEqualTo("API_BIND_ADDRESS"));
        assertThat(ControlPlaneConfig.fromEnv(new Env(Map.of("API_PORT", "9443"))).api().port()).isEqualTo(9443);
        assertThatThrownBy(() -> ControlPlaneConfig.fromEnv(new Env(Map.of("API_PORT", "9443",
                "API_TLS_KEYSTORE_FILE", "/x.p12")))).hasMessageStartingWith("API_TLS_KEYSTORE_PASSWORD_FILE: is required");
    }

    @Test
    void isolationDefaultsAreTheImagesUserASmallTmpAndAProcessLimit() {
        ControlPlaneConfig c = ControlPlaneConfig.fromEnv(new Env(Map.of()));

        assertThat(c.isolation().uid()).isEqualTo(10001);
        assertThat(c.isolation().pidsLimit()).isEqualTo(256);
        assertThat(c.isolation().tmpBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.isolation().secretsHostDir()).isEqualTo(c.isolation().secretsDir());
        assertThat(c.api().port()).isEqualTo(-1);
        assertThat(c.api().operatorToken()).isNull();
    }

    @Test
    void cleanupCannotComeBeforeStaleness() {
        assertThatThrownBy(() -> ControlPlaneConfig.fromEnv(new Env(Map.of("HEARTBEAT_TIMEOUT", "5m",
                "CLEANUP_TIMEOUT", "2m")))).hasMessageStartingWith("CLEANUP_TIMEOUT");
    }
}
