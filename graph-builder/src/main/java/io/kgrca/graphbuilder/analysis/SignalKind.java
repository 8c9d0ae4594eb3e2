package io.kgrca.graphbuilder.analysis;

import java.util.Locale;

/** Where a signal comes from: a Kubernetes event, a log template, a resource's state, or a change of a resource. */
public enum SignalKind {
    /** A (normalized) Kubernetes event or alert. */
    EVENT,
    /** A log template of one pod (or node). */
    LOG,
    /** A fault or symptom read from a resource's status. */
    STATE,
    /** A change of a resource: a rollout, a configuration change, a scale change, a cordon, a new policy. */
    CHANGE,
    /** Inferred by the analysis, not observed: a silent dependency that its callers' symptoms point at. */
    INFERRED;

    /** The lower-case name the API shows. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
