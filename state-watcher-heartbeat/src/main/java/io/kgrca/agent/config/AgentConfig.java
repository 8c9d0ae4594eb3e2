package io.kgrca.agent.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.kafka.KafkaSettings;
import io.kgrca.common.tenant.InvalidTenantIdException;
import io.kgrca.common.tenant.TenantId;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The agent's configuration, read and validated from its environment (the README has the full table). Every
 * bad value fails the start with an {@link InvalidConfigurationException} naming the variable.
 *
 * @param tenant            {@code CLIENT_ID}, validated by the tenant grammar
 * @param clusterName       {@code CLUSTER_NAME}, default the client id
 * @param kafka             {@code KAFKA_BROKERS} and the SASL/TLS variables of {@link KafkaSettings}
 * @param topics            the topic names
 * @param watchNamespaces   {@code WATCH_NAMESPACES}, comma-separated; empty means every namespace
 * @param intervals         heartbeat, snapshot, resync, event age and leader-election timings
 * @param lease             {@code LEASE_NAME}, {@code LEASE_NAMESPACE} and the identity {@code POD_NAME}
 * @param httpBindAddress   {@code HTTP_BIND_ADDRESS}, default 127.0.0.1 (the chart sets 0.0.0.0 for probes)
 * @param httpPort          {@code METRICS_PORT}, default 8080 (0 picks a free port)
 * @param version           {@code AGENT_VERSION}, default the jar's version
 * @param metadata          registration metadata: {@code RELEASE_NAME}, {@code POD_NAMESPACE}, {@code CHART_VERSION}
 */
public record AgentConfig(TenantId tenant, String clusterName, KafkaSettings kafka, AgentTopics topics,
                          List<String> watchNamespaces, Intervals intervals, LeaseSettings lease,
                          String httpBindAddress, int httpPort, String version, Map<String, String> metadata) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** Copies the collections. */
    public AgentConfig {
        watchNamespaces = List.copyOf(watchNamespaces);
        metadata = Map.copyOf(metadata);
    }

    /** True when every namespace is watched. */
    public boolean watchesAllNamespaces() {
        return watchNamespaces.isEmpty();
    }

    /**
     * Timings.
     *
     * @param heartbeat     {@code HEARTBEAT_INTERVAL}, default 30 s
     * @param snapshot      {@code SNAPSHOT_INTERVAL}, default 1 h: a full re-send of the known state
     * @param resync        {@code RESYNC_INTERVAL}, default 10 min: informer resync (sends nothing unless a
     *                      send had failed)
     * @param eventMaxAge   {@code EVENT_MAX_AGE}, default 5 min: older events found at start are not sent
     * @param sendTimeout   {@code SEND_TIMEOUT}, default 2 min: how long register/deregister wait for the ack
     * @param handoverWindow {@code HANDOVER_WINDOW}, default 10 min: deletions a standby saw within it are
     *                      tombstoned again when it takes over
     */
    public record Intervals(Duration heartbeat, Duration snapshot, Duration resync, Duration eventMaxAge,
                            Duration sendTimeout, Duration handoverWindow) {
    }

    /**
     * Leader election on a {@code coordination.k8s.io/v1} Lease.
     *
     * @param name          {@code LEASE_NAME}, default {@code kg-rca-agent-leader}
     * @param namespace     {@code LEASE_NAMESPACE}, default {@code POD_NAMESPACE}, else {@code default}
     * @param identity      {@code POD_NAME}, default the host name
     * @param leaseDuration {@code LEASE_DURATION}, default 15 s
     * @param renewDeadline {@code LEASE_RENEW_DEADLINE}, default 10 s
     * @param retryPeriod   {@code LEASE_RETRY_PERIOD}, default 2 s
     */
    public record LeaseSettings(String name, String namespace, String identity, Duration leaseDuration,
                                Duration renewDeadline, Duration retryPeriod) {
    }

    /** Reads the whole configuration. */
    public static AgentConfig fromEnv(Env env) {
        TenantId tenant = tenant(env);
        Intervals intervals = new Intervals(
                env.duration("HEARTBEAT_INTERVAL", Duration.ofSeconds(30)),
                env.duration("SNAPSHOT_INTERVAL", Duration.ofHours(1)),
                env.duration("RESYNC_INTERVAL", Duration.ofMinutes(10)),
                env.duration("EVENT_MAX_AGE", Duration.ofMinutes(5)),
                env.duration("SEND_TIMEOUT", Duration.ofMinutes(2)),
                env.duration("HANDOVER_WINDOW", Duration.ofMinutes(10)));
        LeaseSettings lease = lease(env);
        Map<String, String> metadata = new LinkedHashMap<>();
        env.optional("POD_NAMESPACE").ifPresent(v -> metadata.put("namespace", v));
        env.optional("RELEASE_NAME").ifPresent(v -> metadata.put("release_name", v));
        env.optional("CHART_VERSION").ifPresent(v -> metadata.put("chart_version", v));
        List<String> namespaces = namespaces(env);
        metadata.put("watch_namespaces", namespaces.isEmpty() ? "*" : String.join(",", namespaces));
        return new AgentConfig(tenant, env.string("CLUSTER_NAME", tenant.value()),
                KafkaSettings.fromEnv(env, null), AgentTopics.fromEnv(env), namespaces, intervals, lease,
                env.string("HTTP_BIND_ADDRESS", "127.0.0.1"), env.integer("METRICS_PORT", 8080, 0, 65535),
                env.string("AGENT_VERSION", jarVersion()), metadata);
    }

    private static TenantId tenant(Env env) {
        try {
            return TenantId.of(env.required("CLIENT_ID"));
        } catch (InvalidTenantIdException e) {
            throw new InvalidConfigurationException("CLIENT_ID", e.getMessage());
        }
    }

    private static LeaseSettings lease(Env env) {
        Duration duration = env.duration("LEASE_DURATION", Duration.ofSeconds(15));
        Duration renew = env.duration("LEASE_RENEW_DEADLINE", Duration.ofSeconds(10));
        Duration retry = env.duration("LEASE_RETRY_PERIOD", Duration.ofSeconds(2));
        if (renew.compareTo(duration) >= 0) {
            throw new InvalidConfigurationException("LEASE_RENEW_DEADLINE", "must be shorter than LEASE_DURATION");
        }
        if (retry.compareTo(renew) >= 0) {
            throw new InvalidConfigurationException("LEASE_RETRY_PERIOD", "must be shorter than LEASE_RENEW_DEADLINE");
        }
        String namespace = env.optional("LEASE_NAMESPACE").orElse(env.string("POD_NAMESPACE", "default"));
        return new LeaseSettings(env.string("LEASE_NAME", "kg-rca-agent-leader"), namespace,
                env.optional("POD_NAME").orElseGet(AgentConfig::hostName), duration, renew, retry);
    }

    /** {@code WATCH_NAMESPACES} read and checked (empty = every namespace). */
    public static List<String> namespaces(Env env) {
        List<String> list = env.optional("WATCH_NAMESPACES")
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList())
                .orElse(List.of());
        for (String ns : list) {
            if (!DNS_LABEL.matcher(ns).matches()) {
                throw new InvalidConfigurationException("WATCH_NAMESPACES", "'" + ns + "' is not a namespace name");
            }
        }
        return list;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "agent-" + ProcessHandle.current().pid();
        }
    }

    private static String jarVersion() {
        String v = AgentConfig.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
