package io.kgrca.controlplane.runtime;

import java.util.Map;

/**
 * What a runtime needs to run one worker, whoever owns it: a tenant ({@link WorkerSpec}) or a worker kind's pool
 * ({@link PoolSpec}). The owner labels identify the worker among the runtime's own (Docker labels, the process
 * runtime's state file).
 */
interface ContainerSpec {

    /** The container (or process) name. */
    String containerName();

    /** The worker kind. */
    WorkerKind kind();

    /** The image reference. */
    String image();

    /** The environment, secrets included. */
    Map<String, String> env();

    /** Memory limit in bytes. */
    long memoryBytes();

    /** CPU limit in cores. */
    double cpus();

    /** Docker network mode or name. */
    String network();

    /** The port of the health and metrics endpoint. */
    int metricsPort();

    /** The spec hash. */
    String hash();

    /** The labels that name the owner: the tenant's, or the pool index's. */
    Map<String, String> ownerLabels();
}
