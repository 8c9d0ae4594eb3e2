package io.kgrca.graphbuilder;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.graphbuilder.analysis.AnalysisSettings;
import io.kgrca.graphbuilder.rca.RcaSettings;
import io.kgrca.graphbuilder.store.Neo4jSettings;

import java.time.Duration;

/**
 * The graph-builder's own settings, read from the environment next to the worker loop's ({@code WorkerSettings}).
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

    /** Reads and validates; a bad value throws naming its variable. */
    public static GraphBuilderSettings fromEnv(Env env) {
        RcaSettings defaults = RcaSettings.defaults();
        Duration window = env.duration("RCA_WINDOW", defaults.window());
        RcaSettings rca = new RcaSettings(window,
                env.integer("RCA_MAX_HOPS", defaults.maxHops(), 0, 6),
                env.decimal("RCA_MIN_CONFIDENCE", defaults.minConfidence(), 0.0, 1.0),
                env.duration("RCA_CLOCK_TOLERANCE", defaults.clockTolerance()));
        String dns = env.string("RCA_DNS_SERVICE", "kube-system/kube-dns");
        int slash = dns.indexOf('/');
        if (slash <= 0 || slash == dns.length() - 1 || dns.indexOf('/', slash + 1) >= 0) {
            throw new InvalidConfigurationException("RCA_DNS_SERVICE", "'" + dns + "' is not <namespace>/<service>");
        }
        ResourceRef clusterDns = ResourceRef.of("Service", dns.substring(0, slash), dns.substring(slash + 1));
        return new GraphBuilderSettings(Neo4jSettings.fromEnv(env), rca, clusterDns,
                env.integer("LOG_RECENT_IDS", 64, 0, 4096),
                env.duration("RESOURCE_STUB_RETENTION", Duration.ofHours(24)),
                new AnalysisSettings(rca, env.duration("RCA_ONSET_SLACK", Duration.ofMinutes(2)),
                        env.duration("RCA_CHANGE_WINDOW", Duration.ofMinutes(30)),
                        clusterDns.id()),
                env.duration("RCA_LOOKBACK", Duration.ofHours(6)));
    }
}
