package io.kgrca.controlplane.pool;

import io.kgrca.common.http.ApiToken;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.placement.PoolNames;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.runtime.PoolSpec;
import io.kgrca.controlplane.runtime.WorkerKind;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Pure: the spec of instance {@code n} of a worker kind's pool. The environment is a dedicated worker's without
 * {@code CLIENT_ID} (and without a tenant's {@code RCA_READ_TOKEN}): the Kafka settings (workers' principal), Neo4j
 * for graph builders, the operator token's digest, the passed-through worker settings, and the shared placement's
 * {@code PLACEMENT=shared} with {@code GROUP_INSTANCE_ID=<worker>.pool-<n>} (static membership: a respawned
 * instance takes its partitions back without a rebalance). Limits are {@code POOL_MEMORY} / {@code POOL_CPUS}, the
 * port is {@link PoolSettings#portOf}.
 */
public final class PoolSpecs {

    private final ControlPlaneConfig config;
    private final PoolSettings settings;
    private final UnaryOperator<String> imageIds;

    /** Specs from {@code config} and {@code settings}, with the image ids {@code imageIds} resolves. */
    public PoolSpecs(ControlPlaneConfig config, PoolSettings settings, UnaryOperator<String> imageIds) {
        this.config = config;
        this.settings = settings;
        this.imageIds = imageIds;
    }

    /** The spec of instance {@code index} of {@code kind}'s pool. */
    public PoolSpec of(WorkerKind kind, int index) {
        String image = switch (kind) {
            case EVENT_NORMALIZER -> config.images().eventNormalizer();
            case LOG_NORMALIZER -> config.images().logNormalizer();
            case GRAPH_BUILDER -> config.images().graphBuilder();
        };
        int port = settings.portOf(kind, index);
        Map<String, String> env = new HashMap<>(config.workerKafka().env());
        if (kind == WorkerKind.GRAPH_BUILDER) {
            env.putAll(config.neo4j());
            ApiToken operator = config.api().operatorToken();
            if (operator != null) {
                env.put("API_TOKEN_SHA256", operator.digestHex());
            }
        }
        env.putAll(config.workerSettings().forKind(kind.id()));
        env.put("METRICS_PORT", String.valueOf(port));
        env.put("HTTP_BIND_ADDRESS", config.workerBindAddress());
        env.put("PLACEMENT", PlacementMode.SHARED.wire());
        env.put("GROUP_INSTANCE_ID", PoolNames.instance(kind.id(), index));
        env.remove("CLIENT_ID");
        return new PoolSpec(kind, index, image, env, settings.memoryBytes(), settings.cpus(), config.network(), port,
                imageIds.apply(image));
    }
}
