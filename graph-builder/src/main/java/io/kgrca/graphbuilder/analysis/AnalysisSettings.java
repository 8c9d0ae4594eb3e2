package io.kgrca.graphbuilder.analysis;

import io.kgrca.graphbuilder.rca.RcaSettings;

import java.time.Duration;

/**
 * Tuning of the analysis.
 *
 * @param rca          window, hops, minimum link confidence and clock tolerance ({@code RCA_*})
 * @param onsetSlack   how much later than its effect a cause upstream by dependency may show its first signal
 *                     (a callee often fails before it logs anything; its callers notice first)
 * @param changeWindow how long after a change failures downstream of it may follow
 * @param clusterDns   the configured cluster DNS service id, or null
 */
public record AnalysisSettings(RcaSettings rca, Duration onsetSlack, Duration changeWindow, String clusterDns) {

    /**
     * Dependency edges searched between a cause and an effect ({@code RCA_MAX_HOPS}); the structural steps within
     * one workload count for ½ in the distance score.
     */
    public int maxHops() {
        return rca.maxHops();
    }

    /** The defaults: {@link RcaSettings#defaults()}, 2 minutes of onset slack, 30 minutes after a change. */
    public static AnalysisSettings defaults() {
        return of(RcaSettings.defaults(), "service/kube-system/kube-dns");
    }

    /** Defaults around {@code rca} and {@code clusterDns}. */
    public static AnalysisSettings of(RcaSettings rca, String clusterDns) {
        return new AnalysisSettings(rca, Duration.ofMinutes(2), Duration.ofMinutes(30), clusterDns);
    }
}
