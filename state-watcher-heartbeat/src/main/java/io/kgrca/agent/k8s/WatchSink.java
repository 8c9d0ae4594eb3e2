package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Where a {@link ClusterWatcher} hands what the informers deliver: the agent's state thread when it runs, a
 * timeline file when it records. Called from the informers' threads.
 */
public interface WatchSink {

    /** An object of a watched kind was added, updated or re-delivered. */
    void objectChanged(HasMetadata object);

    /** An object of a watched kind was deleted (its last known state). */
    void objectDeleted(HasMetadata object);

    /** A core/v1 event was added or updated. */
    void eventChanged(Event event);

    /** A core/v1 event expired or was deleted. */
    void eventDeleted(Event event);

    /** A kind is not watched because the agent's role does not grant it (reported once per kind). */
    void kindForbidden(String kind);

    /** A kind is not watched because the API server does not serve it (reported once per kind). */
    void kindUnserved(String kind);
}
