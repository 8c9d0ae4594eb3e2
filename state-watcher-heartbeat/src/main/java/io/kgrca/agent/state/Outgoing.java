package io.kgrca.agent.state;

import java.util.Objects;

/**
 * One record the agent decided to send: a channel, the full wire key and a value to encode as JSON (a record, a
 * JSON tree or already encoded bytes), or null for a tombstone.
 *
 * @param channel where it goes
 * @param key     the wire key, such as {@code acme::resource::pod/default/web-0}
 * @param value   the value, or null for a tombstone
 */
public record Outgoing(Channel channel, String key, Object value) {

    /** Requires channel and key. */
    public Outgoing {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(key, "key");
    }

    /** True for a null-value deletion. */
    public boolean isTombstone() {
        return value == null;
    }
}
