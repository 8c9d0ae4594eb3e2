package io.kgrca.controlplane.runtime;

import io.kgrca.common.tenant.TenantId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that defines one worker container. Two specs with the same {@link #hash()} need no replacement.
 *
 * @param tenant      the tenant
 * @param kind        which worker
 * @param image       the image reference
 * @param env         the environment (includes secrets: never logged)
 * @param memoryBytes memory limit
 * @param cpus        CPU limit in cores
 * @param network     Docker network mode or name
 * @param metricsPort the port of the worker's health and metrics endpoint
 * @param imageId     the id of the image that {@code image} names now, as the runtime resolved it (empty where the
 *                    runtime has no images): part of the hash, so that re-tagging a new build rolls workers out
 * @param hash        a short hash of all of the above, computed here (a value passed in is ignored)
 */
public record WorkerSpec(TenantId tenant, WorkerKind kind, String image, Map<String, String> env, long memoryBytes,
                         double cpus, String network, int metricsPort, String imageId, String hash)
        implements ContainerSpec {

    /** Copies the environment into a sorted map and computes the hash once. */
    public WorkerSpec {
        env = Collections.unmodifiableMap(new TreeMap<>(env));
        imageId = imageId == null ? "" : imageId;
        hash = hashOf(image, imageId, env, memoryBytes, cpus, network, metricsPort);
    }

    /** A spec of a resolved image; its hash is computed. */
    public WorkerSpec(TenantId tenant, WorkerKind kind, String image, Map<String, String> env, long memoryBytes,
                      double cpus, String network, int metricsPort, String imageId) {
        this(tenant, kind, image, env, memoryBytes, cpus, network, metricsPort, imageId, null);
    }

    /** A spec whose image is not resolved (no image id); its hash is computed. */
    public WorkerSpec(TenantId tenant, WorkerKind kind, String image, Map<String, String> env, long memoryBytes,
                      double cpus, String network, int metricsPort) {
        this(tenant, kind, image, env, memoryBytes, cpus, network, metricsPort, "", null);
    }

    /** The container name {@code kg-<worker>-<client>}. */
    @Override
    public String containerName() {
        return kind.containerName(tenant);
    }

    @Override
    public Map<String, String> ownerLabels() {
        return Map.of(DockerWorkerRuntime.TENANT, tenant.value(), DockerWorkerRuntime.WORKER, kind.id());
    }

    static String hashOf(String image, String imageId, Map<String, String> env, long memoryBytes, double cpus,
                                 String network, int metricsPort) {
        StringBuilder s = new StringBuilder().append(image).append('\n').append(memoryBytes).append('\n').append(cpus)
                .append('\n').append(network).append('\n').append(metricsPort).append('\n');
        if (!imageId.isEmpty()) {
            // Only when resolved: specs of runtimes without images keep the hash they had before image ids.
            s.append("image-id=").append(imageId).append('\n');
        }
        env.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "WorkerSpec[" + containerName() + ", image=" + image
                + (imageId.isEmpty() ? "" : " (" + imageId.substring(0, Math.min(19, imageId.length())) + ")") + ", port=" + metricsPort + ", hash=" + hash() + "]";
    }
}
