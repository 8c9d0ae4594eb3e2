package io.kgrca.controlplane.reconcile;

import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.kafka.KafkaSettings;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.config.ControlPlaneConfig;
import io.kgrca.controlplane.runtime.WorkerKind;
import io.kgrca.controlplane.runtime.WorkerSpec;
import io.kgrca.controlplane.tenant.TenantRecord;
import io.kgrca.controlplane.tenant.TenantState;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Pure: the dedicated workers a tenant should have, given its state, whether its placement wants dedicated workers
 * (see {@code placement.HandoffPlanner}) and the ids the runtime resolves the images to. A dead tenant has none, and
 * so has a shared one (the pools serve it). Dedicated workers get {@code PLACEMENT=dedicated} and the control plane's
 * {@code PLACEMENT_OVERLAP}, so that they follow {@code cluster.placement} with the same overlap. The worker environment is the one of the wire contract: Kafka (with security settings passed
 * through), {@code CLIENT_ID}, Neo4j, the port of the health and metrics endpoint, and the worker settings of the
 * control plane's environment ({@link io.kgrca.controlplane.config.WorkerPassThrough}); a graph-builder also gets its
 * tenant's {@code RCA_READ_TOKEN} and the
 * {@code API_TOKEN_SHA256} of the operator token. Secrets stay in the spec; the runtime turns them into files.
 */
public final class DesiredWorkers {

    private final ControlPlaneConfig config;
    private final PortPlan ports;
    private final UnaryOperator<String> imageIds;
    private final Map<TenantId, Map<WorkerKind, WorkerSpec>> cache = new ConcurrentHashMap<>();

    /** Computes specs from {@code config}, with ports from {@code ports}, without image ids. */
    public DesiredWorkers(ControlPlaneConfig config, PortPlan ports) {
        this(config, ports, reference -> "");
    }

    /**
     * Computes specs from {@code config}, with ports from {@code ports} and the image ids that {@code imageIds}
     * (the runtime's {@code imageId}) resolves the configured references to.
     */
    public DesiredWorkers(ControlPlaneConfig config, PortPlan ports, UnaryOperator<String> imageIds) {
        this.config = config;
        this.ports = ports;
        this.imageIds = imageIds;
    }

    /** The specs by kind of a dedicated tenant; empty when the tenant should have no workers. */
    public Map<WorkerKind, WorkerSpec> of(TenantRecord tenant, TenantState state) {
        return of(tenant, state, true);
    }

    /**
     * The specs by kind; empty when the tenant should have no workers: dead, or without dedicated workers
     * ({@code dedicated} false: shared, or a move to shared drained).
     */
    public Map<WorkerKind, WorkerSpec> of(TenantRecord tenant, TenantState state, boolean dedicated) {
        if (!state.wantsWorkers() || !dedicated) {
            return Map.of();
        }
        // Specs depend only on the configuration, the tenant's ports and the image ids, so they are computed once
        // per port block and image ids.
        int first = ports.portOf(tenant.id(), WorkerKind.EVENT_NORMALIZER);
        Map<WorkerKind, String> ids = new EnumMap<>(WorkerKind.class);
        for (WorkerKind kind : WorkerKind.values()) {
            ids.put(kind, imageIds.apply(image(kind)));
        }
        Map<WorkerKind, WorkerSpec> cached = cache.get(tenant.id());
        if (cached != null && cached.get(WorkerKind.EVENT_NORMALIZER).metricsPort() == first
                && cached.values().stream().allMatch(spec -> spec.imageId().equals(ids.get(spec.kind())))) {
            return cached;
        }
        Map<WorkerKind, WorkerSpec> specs = new EnumMap<>(WorkerKind.class);
        for (WorkerKind kind : WorkerKind.values()) {
            int port = ports.portOf(tenant.id(), kind);
            specs.put(kind, new WorkerSpec(tenant.id(), kind, image(kind), env(tenant, kind, port),
                    config.limits().memoryBytes(), config.limits().cpus(), config.network(), port, ids.get(kind)));
        }
        Map<WorkerKind, WorkerSpec> frozen = Collections.unmodifiableMap(specs);
        cache.put(tenant.id(), frozen);
        return frozen;
    }

    /** Drops the cached specs of a forgotten tenant. */
    public void forget(TenantId id) {
        cache.remove(id);
    }

    private String image(WorkerKind kind) {
        return switch (kind) {
            case EVENT_NORMALIZER -> config.images().eventNormalizer();
            case LOG_NORMALIZER -> config.images().logNormalizer();
            case GRAPH_BUILDER -> config.images().graphBuilder();
        };
    }

    private Map<String, String> env(TenantRecord tenant, WorkerKind kind, int port) {
        KafkaSettings kafka = config.workerKafka();
        Map<String, String> env = new HashMap<>(kafka.env());
        env.put("CLIENT_ID", tenant.id().value());
        env.put("METRICS_PORT", String.valueOf(port));
        env.put("HTTP_BIND_ADDRESS", config.workerBindAddress());
        if (kind == WorkerKind.GRAPH_BUILDER) {
            env.putAll(config.neo4j());
            ApiToken operator = config.api().operatorToken();
            if (operator != null) {
                // The tenant's read token (a secret: the runtime hands it over as a file) and only a digest of the
                // operator token, so that a worker never holds a credential for the control plane's API.
                env.put("RCA_READ_TOKEN", ApiTokens.rcaReadToken(operator, tenant.id()).reveal());
                env.put("API_TOKEN_SHA256", operator.digestHex());
            }
        }
        // The worker settings of the control plane's environment (MAX_POLL_RECORDS, NEO4J_TENANCY, RCA_*, LOG_*...),
        // validated at its start; a worker applies its own definition's default to the rest.
        env.putAll(config.workerSettings().forKind(kind.id()));
        // After the pass-through: a dedicated worker is always PLACEMENT=dedicated, with the control plane's overlap
        // (the drain of a move is judged with it).
        env.put("PLACEMENT", PlacementMode.DEDICATED.wire());
        env.put("PLACEMENT_OVERLAP", config.placement().overlap().toMillis() + "ms");
        return env;
    }
}
