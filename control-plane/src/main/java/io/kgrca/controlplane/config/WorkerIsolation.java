package io.kgrca.controlplane.config;

import io.kgrca.common.config.Env;

import java.nio.file.Path;

/**
 * How worker containers are confined and receive their secrets.
 *
 * @param secretsDir     {@code WORKER_SECRETS_DIR}, default {@code /var/lib/kg-rca/secrets}: where the control plane
 *                       writes each worker's secret files ({@code <dir>/<container name>/<variable>}), as it sees
 *                       the path
 * @param secretsHostDir {@code WORKER_SECRETS_HOST_DIR}, default {@link #secretsDir}: the same directory as the
 *                       Docker engine sees it (differs when the control plane itself runs in a container and the
 *                       directory is mounted at another path)
 * @param uid            {@code WORKER_UID}, default 10001: the user workers run as, and the owner of their secret
 *                       files (the images' {@code USER})
 * @param pidsLimit      {@code WORKER_PIDS_LIMIT}, default 256: processes and threads per worker container
 * @param tmpBytes       {@code WORKER_TMP_SIZE}, default 64m: the size of the writable {@code /tmp} (tmpfs); the root
 *                       filesystem is read-only
 */
public record WorkerIsolation(Path secretsDir, Path secretsHostDir, int uid, int pidsLimit, long tmpBytes) {

    /** Reads and validates, through {@link ControlPlaneDefinitions}. */
    public static WorkerIsolation fromEnv(Env env) {
        return new WorkerIsolation(ControlPlaneDefinitions.WORKER_SECRETS_DIR.read(env),
                ControlPlaneDefinitions.WORKER_SECRETS_HOST_DIR.read(env), ControlPlaneDefinitions.WORKER_UID.read(env),
                ControlPlaneDefinitions.WORKER_PIDS_LIMIT.read(env), ControlPlaneDefinitions.WORKER_TMP_SIZE.read(env));
    }

    /** Defaults with secrets under {@code dir} (as both the control plane and the engine see it), for tests. */
    public static WorkerIsolation defaults(Path dir) {
        return new WorkerIsolation(dir, dir, 10001, 256, 64L * 1024 * 1024);
    }
}
