package io.kgrca.agent.replay;

import io.kgrca.agent.config.AgentTopics;
import io.kgrca.agent.state.Outgoing;
import io.kgrca.common.json.JsonCodec;

import java.time.Instant;
import java.util.Objects;

/**
 * One record a replay publishes, as the agent (or, for log lines, Vector) would have published it at {@code at}.
 *
 * @param at    the virtual time it was published
 * @param topic its topic ({@code state.k8s.resource}, {@code state.k8s.topology}, {@code raw.k8s.events},
 *              {@code raw.k8s.logs})
 * @param key   the wire key, such as {@code acme::resource::pod/shop/api-1}
 * @param value the JSON value, null for a tombstone
 */
public record ReplayRecord(Instant at, String topic, String key, byte[] value) {

    /** Requires at, topic and key. */
    public ReplayRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
    }

    /** The record of what the agent decided to send, encoded as its publisher encodes it. */
    public static ReplayRecord of(Instant at, Outgoing out, AgentTopics topics) {
        Object v = out.value();
        byte[] value = v == null ? null : v instanceof byte[] bytes ? bytes : JsonCodec.shared().encode(v);
        return new ReplayRecord(at, topics.of(out.channel()), out.key(), value);
    }

    /** True for a null-value deletion. */
    public boolean isTombstone() {
        return value == null;
    }
}
