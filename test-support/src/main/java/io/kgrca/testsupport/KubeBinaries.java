package io.kgrca.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the real Kubernetes binaries are: the folder that {@code scripts/install-kube-apiserver.sh} lays out for
 * fabric8's kube-api-test ({@code <dir>/k8s/1.20.2-linux-amd64/{etcd,kube-apiserver,kubectl}}). Looked up in
 * {@code KG_KUBE_BIN_DIR} (the version folder itself), else {@code KUBE_API_TEST_DIR}, else the script's default
 * cache {@code /var/cache/kg-rca/kubernetes/kat}.
 *
 * @param folder the folder holding the binaries
 */
public record KubeBinaries(Path folder) {

    /** The script's default layout. */
    public static final Path DEFAULT_TEST_DIR = Path.of("/var/cache/kg-rca/kubernetes/kat");

    private static final String PLATFORM_FOLDER = "k8s/1.20.2-linux-amd64";

    /** The folder from the environment (see the type's description). */
    public static KubeBinaries fromEnvironment() {
        String bin = System.getenv("KG_KUBE_BIN_DIR");
        if (bin != null && !bin.isBlank()) {
            return new KubeBinaries(Path.of(bin));
        }
        String kat = System.getenv("KUBE_API_TEST_DIR");
        Path testDir = kat != null && !kat.isBlank() ? Path.of(kat) : DEFAULT_TEST_DIR;
        return new KubeBinaries(testDir.resolve(PLATFORM_FOLDER));
    }

    /** {@code etcd}. */
    public Path etcd() {
        return folder.resolve("etcd");
    }

    /** {@code kube-apiserver}. */
    public Path apiServer() {
        return folder.resolve("kube-apiserver");
    }

    /** {@code kubectl}, when installed. */
    public Optional<Path> kubectl() {
        Path p = folder.resolve("kubectl");
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /** True when etcd and kube-apiserver are executable. */
    public boolean present() {
        return Files.isExecutable(etcd()) && Files.isExecutable(apiServer());
    }

    /**
     * Aborts the calling test when the binaries are absent, or fails it when {@code KG_REQUIRE_KUBE=true} (CI sets
     * it), so that a CI machine without them cannot pass silently.
     */
    public KubeBinaries assumePresent() {
        if (!present()) {
            absent(this, "true".equalsIgnoreCase(System.getenv("KG_REQUIRE_KUBE")));
        }
        return this;
    }

    /** What a test does without the binaries: fail when they are required, abort otherwise. */
    static void absent(KubeBinaries binaries, boolean required) {
        String message = "no etcd + kube-apiserver in " + binaries.folder()
                + " (run scripts/install-kube-apiserver.sh, or set KG_KUBE_BIN_DIR)";
        if (required) {
            Assertions.fail(message + ", and KG_REQUIRE_KUBE=true requires them");
        }
        Assumptions.abort(message + "; real-API-server tests skipped (KG_REQUIRE_KUBE=true fails instead)");
    }
}
