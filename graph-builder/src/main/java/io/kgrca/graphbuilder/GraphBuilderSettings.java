package io.kgrca.graphbuilder;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.WorkerDefinitions;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.graphbuilder.analysis.AnalysisSettings;
import io.kgrca.graphbuilder.rca.RcaSettings;
import io.kgrca.graphbuilder.store.Neo4jSettings;

import java.time.Duration;

/**
 * The graph-builder's own settings, read from the environment through their definitions in common's
 * {@link WorkerDefinitions} (defaults and rules there), next to the worker loop's ({@code WorkerSettings}).
 *
 * @param neo4j        connection and tenancy ({@code NEO4J_*})
 * @param rca          causal linking ({@code RCA_WINDOW}, {@code RCA_MAX_HOPS}, {@code RCA_MIN_CONFIDENCE},
 *                     {@code RCA_CLOCK_TOLERANCE})
 * @param clusterDns   {@code RCA_DNS_SERVICE}, the service DNS failures are attributed to, default
 *                     {@code kube-system/kube-dns}
 * @param recentLogIds {@code LOG_RECENT_IDS}, how many occurrence ids a log template remembers to ignore
 *                     duplicates, default 64
 * @param stubRetention {@code RESOURCE_STUB_RETENTION}, how long the stub of a deleted resource that nothing refers
 *                     to is kept so that edges older than the deletion are recognised, default 24 h
 * @param analysis     the query-time analysis: {@code RCA_*} above, {@code RCA_ONSET_SLACK} (2 min) and
 *                     {@code RCA_CHANGE_WINDOW} (30 min)
 * @param lookback     {@code RCA_LOOKBACK}, the default range of an RCA question before the tenant's last abnormal
 *                     signal, default 6 h
 */
public record GraphBuilderSettings(Neo4jSettings neo4j, RcaSettings rca, ResourceRef clusterDns, int recentLogIds,
                                   Duration stubRetention, AnalysisSettings analysis, Duration lookback) {

    /** Reads and validates through the definitions in {@link WorkerDefinitions}; a bad value throws naming it. */
    public static GraphBuilderSettings fromEnv(Env env) {
        RcaSettings rca = new RcaSettings(WorkerDefinitions.RCA_WINDOW.read(env),
                WorkerDefinitions.RCA_MAX_HOPS.read(env),
                WorkerDefinitions.RCA_MIN_CONFIDENCE.read(env),
                WorkerDefinitions.RCA_CLOCK_TOLERANCE.read(env));
        String dns = WorkerDefinitions.RCA_DNS_SERVICE.read(env);
        int slash = dns.indexOf('/');
        ResourceRef clusterDns = ResourceRef.of("Service", dns.substring(0, slash), dns.substring(slash + 1));
        return new GraphBuilderSettings(Neo4jSettings.fromEnv(env), rca, clusterDns,
                WorkerDefinitions.LOG_RECENT_IDS.read(env),
                WorkerDefinitions.RESOURCE_STUB_RETENTION.read(env),
                new AnalysisSettings(rca, WorkerDefinitions.RCA_ONSET_SLACK.read(env),
                        WorkerDefinitions.RCA_CHANGE_WINDOW.read(env), clusterDns.id()),
                WorkerDefinitions.RCA_LOOKBACK.read(env));
    }
}
