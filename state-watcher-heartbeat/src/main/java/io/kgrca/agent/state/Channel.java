package io.kgrca.agent.state;

/** Where an outgoing record goes; the topic of each is configurable (see {@code AgentTopics}). */
public enum Channel {
    /** {@code cluster.registry}, key {@code <client>}. */
    REGISTRY,
    /** {@code cluster.heartbeat}, key {@code <client>}. */
    HEARTBEAT,
    /** {@code state.k8s.resource}, key {@code <client>::resource::<ref id>}. */
    RESOURCE,
    /** {@code state.k8s.topology}, key {@code <client>::edge::<edge id>}. */
    TOPOLOGY,
    /** {@code raw.k8s.events}, key {@code <client>::event::<event uid>}. */
    EVENT
}
