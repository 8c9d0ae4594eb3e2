package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * What an informer's list or watch failure means for it: a kind the agent may not read (403) or that the server
 * does not serve (404) is given up at once, logged once, and the agent goes on without it; anything else
 * (server unreachable, a closed watch, 410 Gone) is retried with fabric8's backoff.
 */
public enum InformerFailure {
    /** 403: the agent's role does not grant the kind. */
    FORBIDDEN,
    /** 404: the server does not serve the kind at the version the agent asked for. */
    NOT_SERVED,
    /** Anything else: retry. */
    RETRY;

    /** The meaning of {@code error} (the first Kubernetes client exception in its cause chain decides). */
    public static InformerFailure of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException k) {
                return switch (k.getCode()) {
                    case 403 -> FORBIDDEN;
                    case 404 -> NOT_SERVED;
                    default -> RETRY;
                };
            }
        }
        return RETRY;
    }
}
