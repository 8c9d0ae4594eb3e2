package io.kgrca.controlplane.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;

import java.nio.file.Path;
import java.util.Locale;

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

    /** Reads and validates. */
    public static WorkerIsolation fromEnv(Env env) {
        Path dir = Path.of(env.string("WORKER_SECRETS_DIR", "/var/lib/kg-rca/secrets"));
        Path host = Path.of(env.string("WORKER_SECRETS_HOST_DIR", dir.toString()));
        if (!dir.isAbsolute() || !host.isAbsolute()) {
            throw new InvalidConfigurationException(dir.isAbsolute() ? "WORKER_SECRETS_HOST_DIR" : "WORKER_SECRETS_DIR",
                    "must be an absolute path");
        }
        return new WorkerIsolation(dir, host, env.integer("WORKER_UID", 10001, 1, Integer.MAX_VALUE),
                env.integer("WORKER_PIDS_LIMIT", 256, 32, 100_000), tmpBytes(env.string("WORKER_TMP_SIZE", "64m")));
    }

    /** Defaults with secrets under {@code dir} (as both the control plane and the engine see it), for tests. */
    public static WorkerIsolation defaults(Path dir) {
        return new WorkerIsolation(dir, dir, 10001, 256, 64L * 1024 * 1024);
    }

    private static long tmpBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            long v = t.endsWith("m") ? Long.parseLong(t.substring(0, t.length() - 1)) * 1024 * 1024
                    : t.endsWith("g") ? Long.parseLong(t.substring(0, t.length() - 1)) * 1024 * 1024 * 1024
                    : Long.parseLong(t);
            if (v < 8L * 1024 * 1024 || v > 4L * 1024 * 1024 * 1024) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException("WORKER_TMP_SIZE", "'" + text + "' is not a size within 8m-4g");
        }
    }
}
