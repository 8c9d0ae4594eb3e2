package io.kgrca.graphbuilder.rca;

import io.kgrca.common.config.WorkerDefinitions;

import java.time.Duration;

/**
 * Tuning of causal linking (used by the query-time analysis).
 *
 * @param window         signals further apart than this are never linked ({@code RCA_WINDOW})
 * @param maxHops        topology distance searched for causes ({@code RCA_MAX_HOPS})
 * @param minConfidence  links scoring below this are not written ({@code RCA_MIN_CONFIDENCE})
 * @param clockTolerance onsets closer than this count as simultaneous, and either may be the cause
 *                       ({@code RCA_CLOCK_TOLERANCE})
 */
public record RcaSettings(Duration window, int maxHops, double minConfidence, Duration clockTolerance) {

    /**
     * 15 minutes, 6 hops (a change on a Deployment reaches its callers' pods in five: Deployment, ReplicaSet, pod,
     * service, caller), 0.5, 5 seconds.
     */
    public static RcaSettings defaults() {
        return new RcaSettings(WorkerDefinitions.RCA_WINDOW.defaultValue(),
                WorkerDefinitions.RCA_MAX_HOPS.defaultValue(),
                WorkerDefinitions.RCA_MIN_CONFIDENCE.defaultValue(),
                WorkerDefinitions.RCA_CLOCK_TOLERANCE.defaultValue());
    }

    /** Validates the ranges. */
    public RcaSettings {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (maxHops < 0 || maxHops > 6) {
            throw new IllegalArgumentException("maxHops must be within [0, 6]");
        }
        if (minConfidence < 0 || minConfidence > 1) {
            throw new IllegalArgumentException("minConfidence must be within [0, 1]");
        }
    }
}
