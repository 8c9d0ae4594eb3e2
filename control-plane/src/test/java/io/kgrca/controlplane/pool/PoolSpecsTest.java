package io.kgrca.controlplane.pool;

import io.kgrca.common.config.Env;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.runtime.DockerWorkerRuntime;
import io.kgrca.controlplane.runtime.PoolSpec;
import io.kgrca.controlplane.runtime.WorkerKind;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolSpecsTest {

    private static final Map<String, String> ENV = Map.ofEntries(Map.entry("KAFKA_BROKERS", "127.0.0.1:9092"),
            Map.entry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"), Map.entry("KAFKA_SASL_MECHANISM", "PLAIN"),
            Map.entry("KAFKA_SASL_USERNAME", "kg-control-plane"), Map.entry("KAFKA_SASL_PASSWORD", "cp-pw"),
            Map.entry("WORKER_KAFKA_SASL_USERNAME", "kg-worker"), Map.entry("WORKER_KAFKA_SASL_PASSWORD", "worker-pw"),
            Map.entry("MAX_POLL_RECORDS", "700"), Map.entry("POOL_MEMORY", "768m"), Map.entry("POOL_CPUS", "1.5"),
            Map.entry("POOL_PORT_BASE", "19500"));

    private final ApiToken operator = ApiTokens.newOperatorToken(new SecureRandom());
    private final ControlPlaneConfig config = ControlPlaneConfig.fromEnv(new Env(ENV)).withOperatorToken(operator);
    private final PoolSettings settings = PoolSettings.fromEnv(new Env(ENV));
    private final PoolSpecs specs = new PoolSpecs(config, settings, image -> "sha256:" + image.length());

    @Test
    void anInstanceIsNamedAfterItsPoolAndJoinsItsGroupAsAStaticMember() {
        PoolSpec spec = specs.of(WorkerKind.LOG_NORMALIZER, 2);

        assertThat(spec.containerName()).isEqualTo("kg-log-normalizer.pool-2");
        assertThat(spec.env()).containsEntry("PLACEMENT", "shared")
                .containsEntry("GROUP_INSTANCE_ID", "log-normalizer.pool-2")
                .containsEntry("METRICS_PORT", "19602")
                .containsEntry("HTTP_BIND_ADDRESS", "127.0.0.1")
                .containsEntry("MAX_POLL_RECORDS", "700")
                .doesNotContainKey("CLIENT_ID");
        assertThat(spec.metricsPort()).isEqualTo(19602);
        assertThat(spec.memoryBytes()).isEqualTo(768L * 1024 * 1024);
        assertThat(spec.cpus()).isEqualTo(1.5);
        assertThat(spec.imageId()).startsWith("sha256:");
        assertThat(spec.ownerLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(DockerWorkerRuntime.POOL, "2",
                DockerWorkerRuntime.WORKER, "log-normalizer"));
    }

    @Test
    void instancesConnectAsTheWorkersPrincipal() {
        for (WorkerKind kind : WorkerKind.values()) {
            PoolSpec spec = specs.of(kind, 0);
            assertThat(spec.env()).containsEntry("KAFKA_SASL_USERNAME", "kg-worker")
                    .containsEntry("KAFKA_SASL_PASSWORD", "worker-pw");
            assertThat(spec.env().values()).doesNotContain("cp-pw", operator.reveal());
        }
    }

    @Test
    void graphBuildersGetNeo4jAndTheOperatorTokensDigestButNoTenantsReadToken() {
        Map<String, String> gb = specs.of(WorkerKind.GRAPH_BUILDER, 0).env();
        assertThat(gb).containsKeys("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")
                .containsEntry("API_TOKEN_SHA256", operator.digestHex()).doesNotContainKey("RCA_READ_TOKEN");
        assertThat(specs.of(WorkerKind.EVENT_NORMALIZER, 0).env()).doesNotContainKeys("NEO4J_URI",
                "API_TOKEN_SHA256");
    }

    @Test
    void everyInstanceOfEveryKindHasItsOwnPort() {
        Set<Integer> ports = new HashSet<>();
        for (WorkerKind kind : WorkerKind.values()) {
            for (int i = 0; i < PoolSettings.PORTS_PER_KIND; i++) {
                assertThat(ports.add(specs.of(kind, i).metricsPort())).isTrue();
            }
        }
        assertThat(ports).allSatisfy(p -> assertThat(p).isBetween(19500, 19799));
    }

    @Test
    void theHashFollowsTheSpecAndNotTheCall() {
        assertThat(specs.of(WorkerKind.GRAPH_BUILDER, 1).hash()).isEqualTo(specs.of(WorkerKind.GRAPH_BUILDER, 1).hash())
                .isNotEqualTo(specs.of(WorkerKind.GRAPH_BUILDER, 0).hash());
        PoolSpecs otherImage = new PoolSpecs(config, settings, image -> "sha256:other");
        assertThat(otherImage.of(WorkerKind.GRAPH_BUILDER, 1).hash())
                .isNotEqualTo(specs.of(WorkerKind.GRAPH_BUILDER, 1).hash());
    }

    @Test
    void settingsRefuseAMaximumBelowTheMinimum() {
        assertThatThrownBy(() -> PoolSettings.fromEnv(new Env(Map.of("POOL_MIN", "3", "POOL_MAX", "2"))))
                .hasMessageContaining("POOL_MAX");
        assertThat(PoolSettings.defaults().max()).isEqualTo(8);
        assertThat(PoolSettings.defaults().memoryBytes()).isEqualTo(1024L * 1024 * 1024);
    }
}
