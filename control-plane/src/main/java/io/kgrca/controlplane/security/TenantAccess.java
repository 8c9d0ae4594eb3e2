package io.kgrca.controlplane.security;

import io.kgrca.common.topic.Topics;

import java.util.List;
import java.util.Set;

/**
 * The topics a tenant's principal may touch: the topics the agent chart writes (the agent's registry, heartbeat,
 * resource, topology and event topics, and Vector's log topic) and, only when opted in, topics it may read
 * without a consumer group.
 *
 * @param writes topics the tenant may write (WRITE and DESCRIBE, literal names)
 * @param reads  topics the tenant may read by assignment (READ, literal names, no consumer group); empty by default
 */
public record TenantAccess(Set<String> writes, Set<String> reads) {

    /** The reply topic of the admission work that the agent's {@code register} command may read back. */
    public static final String REGISTRY_REPLIES = Topics.CLUSTER_REGISTRY_REPLIES;

    /** The topics the agent chart writes, in the order of the chart's {@code topics} values. */
    public static final List<String> AGENT_TOPICS = List.of(Topics.CLUSTER_REGISTRY, Topics.CLUSTER_HEARTBEAT,
            Topics.STATE_K8S_RESOURCE, Topics.STATE_K8S_TOPOLOGY, Topics.RAW_K8S_EVENTS, Topics.RAW_K8S_LOGS);

    /** Copies the sets and refuses a topic that is both read and written. */
    public TenantAccess {
        writes = Set.copyOf(writes);
        reads = Set.copyOf(reads);
        for (String topic : reads) {
            if (writes.contains(topic)) {
                throw new IllegalArgumentException("a tenant may not read a topic it writes: " + topic);
            }
        }
    }

    /** Write-only access to the agent's topics: a tenant reads nothing. */
    public static TenantAccess agent() {
        return new TenantAccess(Set.copyOf(AGENT_TOPICS), Set.of());
    }

    /**
     * The agent's topics plus READ of {@code replyTopic}, for an agent that reads its registration's answer. Every
     * tenant can then read every reply (ACLs cannot filter by key): replies must hold nothing confidential.
     */
    public static TenantAccess agentReadingReplies(String replyTopic) {
        return new TenantAccess(Set.copyOf(AGENT_TOPICS), Set.of(replyTopic));
    }
}
