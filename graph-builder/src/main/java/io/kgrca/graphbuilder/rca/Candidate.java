package io.kgrca.graphbuilder.rca;

/**
 * Two signals that may be causally related, found near each other in the topology.
 *
 * @param subject a signal written in the current batch
 * @param other   an abnormal signal within the window on a resource near the subject's
 * @param hops    the topology distance between their resources; 0 when they are about the same resource
 * @param direct  the distance over paths that do not pass through a node (through a service, a controller or an
 *                inferred dependency), or null when the resources are only co-located on a node
 */
public record Candidate(SignalWindow subject, SignalWindow other, int hops, Integer direct) {

    /** A candidate whose shortest path does not pass through a node. */
    public Candidate(SignalWindow subject, SignalWindow other, int hops) {
        this(subject, other, hops, hops);
    }
}
