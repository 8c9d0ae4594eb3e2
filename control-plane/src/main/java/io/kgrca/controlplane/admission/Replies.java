package io.kgrca.controlplane.admission;

import io.kgrca.common.model.RegistrationReply;

/** Where the answers to registrations go ({@code cluster.registry.replies}); {@link #NONE} drops them (tests). */
public interface Replies extends AutoCloseable {

    /** Drops every reply. */
    Replies NONE = reply -> { };

    /** Sends {@code reply} keyed by its tenant, asynchronously; a failure is logged, never thrown. */
    void send(RegistrationReply reply);

    @Override
    default void close() {
    }
}
