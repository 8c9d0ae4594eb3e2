package io.kgrca.agent.k8s;

import io.kgrca.agent.config.AgentConfig;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ClusterWatcher} watches and how: the namespaces (empty = all), the informers' resync period, and
 * the name its log lines carry (the tenant, or {@code record} when recording).
 *
 * @param label      the name in log lines ({@code tenant=<label>})
 * @param namespaces the namespaces to watch; empty means every namespace
 * @param resync     the informers' resync period
 */
public record WatchScope(String label, List<String> namespaces, Duration resync) {

    /** Copies the list; requires every part. */
    public WatchScope {
        Objects.requireNonNull(label, "label");
        namespaces = List.copyOf(namespaces);
        Objects.requireNonNull(resync, "resync");
    }

    /** The scope of the agent's {@code run}. */
    public static WatchScope of(AgentConfig config) {
        return new WatchScope(config.tenant().value(), config.watchNamespaces(), config.intervals().resync());
    }

    /** True when every namespace is watched. */
    public boolean allNamespaces() {
        return namespaces.isEmpty();
    }
}
