package io.kgrca.rcaeval.corpus;

import java.util.Locale;

/** The fault classes of the corpus (issue 10's list); a scenario's {@code class} is the lower-case, dashed name. */
public enum FaultClass {
    /** A container exceeds its memory limit and is OOM-killed. */
    OOM,
    /** Memory grows over time (GC pressure, warnings) until the container is OOM-killed. */
    MEMORY_LEAK,
    /** A node stops reporting (NotReady); its pods are evicted or go unready. */
    NODE_FAILURE,
    /** A node reports memory or disk pressure and evicts pods. */
    NODE_PRESSURE,
    /** A rollout points at an image tag that does not exist. */
    BAD_IMAGE,
    /** A rollout changes a configuration value the application rejects at start. */
    BAD_CONFIG,
    /** A rollout references a ConfigMap key that does not exist. */
    MISSING_CONFIG_KEY,
    /** A database slows down (slow statements); its callers time out. */
    SLOW_DEPENDENCY,
    /** A server refuses clients (too many clients) or a client's pool is exhausted. */
    CONNECTION_POOL,
    /** Cluster DNS fails (CoreDNS down or upstream DNS timing out). */
    DNS,
    /** A new NetworkPolicy blocks traffic to a service; callers time out. */
    NETWORK_POLICY,
    /** Storage: a claim stays Pending, a volume fails to attach or mount, or a disk fills up. */
    STORAGE,
    /** Pods cannot be scheduled (insufficient cpu, taints, a cordoned node). */
    SCHEDULING,
    /** A rollout sets a liveness probe on the wrong port; the kubelet keeps restarting healthy containers. */
    PROBE_MISCONFIG,
    /** The HPA is at its maximum; latency grows and requests time out. */
    AUTOSCALING_LIMIT,
    /** A server certificate expired; callers log x509 errors. */
    CERTIFICATE,
    /** A Job's pods fail until its backoff limit is exceeded. */
    JOB_FAILURE;

    /** The name used in scenario files, e.g. {@code slow-dependency}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The class of a scenario file's name. */
    public static FaultClass fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
