package io.kgrca.controlplane.runtime;

import io.kgrca.common.placement.PoolNames;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that defines one instance of a worker kind's pool (shared placement): the container
 * {@code kg-<worker>.pool-<n>} ({@link PoolNames#container}). Two specs with the same {@link #hash()} need no
 * replacement.
 *
 * @param kind        which worker
 * @param index       the instance's index in its pool, from 0
 * @param image       the image reference
 * @param env         the environment (includes secrets: never logged)
 * @param memoryBytes memory limit
 * @param cpus        CPU limit in cores
 * @param network     Docker network mode or name
 * @param metricsPort the port of the instance's health, metrics and {@code /pool/tenants} endpoint
 * @param imageId     the id of the image {@code image} names now (empty where the runtime has no images)
 * @param hash        a short hash of all of the above, computed here (a value passed in is ignored)
 */
public record PoolSpec(WorkerKind kind, int index, String image, Map<String, String> env, long memoryBytes,
                       double cpus, String network, int metricsPort, String imageId, String hash)
        implements ContainerSpec {

    /** Checks the index, copies the environment into a sorted map and computes the hash once. */
    public PoolSpec {
        if (index < 0) {
            throw new IllegalArgumentException("pool instance index " + index + " is negative");
        }
        env = Collections.unmodifiableMap(new TreeMap<>(env));
        imageId = imageId == null ? "" : imageId;
        hash = WorkerSpec.hashOf(image, imageId, env, memoryBytes, cpus, network, metricsPort);
    }

    /** A spec whose hash is computed. */
    public PoolSpec(WorkerKind kind, int index, String image, Map<String, String> env, long memoryBytes, double cpus,
                    String network, int metricsPort, String imageId) {
        this(kind, index, image, env, memoryBytes, cpus, network, metricsPort, imageId, null);
    }

    /** The container name {@code kg-<worker>.pool-<n>}. */
    @Override
    public String containerName() {
        return PoolNames.container(kind.id(), index);
    }

    @Override
    public Map<String, String> ownerLabels() {
        return Map.of(DockerWorkerRuntime.POOL, String.valueOf(index), DockerWorkerRuntime.WORKER, kind.id());
    }

    @Override
    public String toString() {
        return "PoolSpec[" + containerName() + ", image=" + image + ", port=" + metricsPort + ", hash=" + hash + "]";
    }
}
