package io.kgrca.agent.config;

import io.kgrca.agent.state.Channel;
import io.kgrca.common.config.Env;
import io.kgrca.common.topic.Topics;

/**
 * The topics the agent writes, each overridable from the environment (the defaults are the contract's names).
 *
 * @param registry  {@code TOPIC_REGISTRY}, default {@code cluster.registry}
 * @param heartbeat {@code TOPIC_HEARTBEAT}, default {@code cluster.heartbeat}
 * @param resources {@code TOPIC_RESOURCES}, default {@code state.k8s.resource}
 * @param topology  {@code TOPIC_TOPOLOGY}, default {@code state.k8s.topology}
 * @param events    {@code TOPIC_EVENTS}, default {@code raw.k8s.events}
 */
public record AgentTopics(String registry, String heartbeat, String resources, String topology, String events) {

    /** The contract's topic names. */
    public static AgentTopics defaults() {
        return new AgentTopics(Topics.CLUSTER_REGISTRY, Topics.CLUSTER_HEARTBEAT, Topics.STATE_K8S_RESOURCE,
                Topics.STATE_K8S_TOPOLOGY, Topics.RAW_K8S_EVENTS);
    }

    /** Reads the overrides. */
    public static AgentTopics fromEnv(Env env) {
        AgentTopics d = defaults();
        return new AgentTopics(
                env.string("TOPIC_REGISTRY", d.registry()),
                env.string("TOPIC_HEARTBEAT", d.heartbeat()),
                env.string("TOPIC_RESOURCES", d.resources()),
                env.string("TOPIC_TOPOLOGY", d.topology()),
                env.string("TOPIC_EVENTS", d.events()));
    }

    /** The topic of a channel. */
    public String of(Channel channel) {
        return switch (channel) {
            case REGISTRY -> registry;
            case HEARTBEAT -> heartbeat;
            case RESOURCE -> resources;
            case TOPOLOGY -> topology;
            case EVENT -> events;
        };
    }
}
