package io.kgrca.testsupport;

import io.kgrca.embedded.TempDirs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Kubernetes API server (kube-apiserver v1.20.2, built by {@code scripts/install-kube-apiserver.sh}) on a
 * real etcd, both as child processes bound to 127.0.0.1 on free ports, with a fresh etcd data folder. It enforces
 * RBAC, validates objects, and runs with {@code --watch-cache=false}, so a watch from a compacted resourceVersion
 * ends with 410 Gone (see {@link #compact(long)}). No controller-manager, scheduler or kubelet: objects are stored
 * and validated, nothing runs (a pod stays Pending, a Job never completes, no default ServiceAccount is created:
 * the ServiceAccount admission plugin is off so pods can be created without one).
 *
 * <p>Clients authenticate with a bearer token: {@link #adminToken()} (group {@code system:masters}), or a
 * ServiceAccount token from the TokenRequest API ({@code --service-account-signing-key-file} is set). The
 * certificates come from {@code openssl} (a CA and a serving certificate for 127.0.0.1/localhost).
 */
public final class KubeApiServer implements AutoCloseable {

    /** The Kubernetes version the binaries are built from. */
    public static final String VERSION = "v1.20.2";

    private static final Logger LOG = LoggerFactory.getLogger(KubeApiServer.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final KubeBinaries binaries;
    private final Path dir;
    private final String adminToken = UUID.randomUUID().toString().replace("-", "");
    private final int etcdPort = FreePorts.next();
    private final int etcdPeerPort = FreePorts.next();
    private final int apiPort = FreePorts.next();
    private final HttpClient http;
    private Process etcd;
    private Process apiserver;

    private KubeApiServer(KubeBinaries binaries, Path dir) {
        this.binaries = binaries;
        this.dir = dir;
        writePki();
        this.http = HttpClient.newBuilder().sslContext(trusting(dir.resolve("ca.crt")))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts etcd and the API server from {@code binaries} and waits until {@code /readyz} answers 200. */
    public static KubeApiServer start(KubeBinaries binaries) {
        long t0 = System.nanoTime();
        KubeApiServer server;
        try {
            server = new KubeApiServer(binaries, Files.createTempDirectory("kg-kube-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            server.startEtcd();
            server.startApiServer();
            // A JVM that ends without JUnit closing the store (killed fork, System.exit) must not leave them running.
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopProcesses, "kube-apiserver-stop"));
            server.awaitReady();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("kube-apiserver {} ready on {} (etcd on 127.0.0.1:{}) in {} ms", VERSION, server.url(),
                server.etcdPort, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return server;
    }

    /** {@code https://127.0.0.1:<port>}. */
    public String url() {
        return "https://127.0.0.1:" + apiPort;
    }

    /** The API server's port. */
    public int port() {
        return apiPort;
    }

    /** A bearer token of the {@code system:masters} group. */
    public String adminToken() {
        return adminToken;
    }

    /** The CA certificate (PEM file) that signed the serving certificate. */
    public Path caFile() {
        return dir.resolve("ca.crt");
    }

    /** The binaries this server runs (kubectl included, when installed). */
    public KubeBinaries binaries() {
        return binaries;
    }

    /** A kubeconfig (YAML) for {@code server} (e.g. a proxy in front of this server) with {@code token}. */
    public String kubeconfig(String server, String token) {
        String ca = Base64.getEncoder().encodeToString(read(caFile()).getBytes(StandardCharsets.UTF_8));
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: real
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: user
                  user:
                    token: %s
                contexts:
                - name: real
                  context:
                    cluster: real
                    user: user
                    namespace: default
                current-context: real
                """.formatted(server, ca, token);
    }

    /** The administrator's kubeconfig (YAML). */
    public String adminKubeconfig() {
        return kubeconfig(url(), adminToken);
    }

    /** Writes the administrator's kubeconfig to a file (for helm and kubectl) and returns its path. */
    public Path adminKubeconfigFile() {
        Path file = dir.resolve("admin.kubeconfig");
        try {
            Files.writeString(file, adminKubeconfig());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** {@code GET path} as the administrator: the status code and body. */
    public HttpResponse<String> get(String path) {
        return send(admin(path).GET().build());
    }

    /** {@code POST path} of a JSON body as the administrator. */
    public HttpResponse<String> post(String path, String json) {
        return send(admin(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** {@code PATCH path} as the administrator, e.g. {@code application/merge-patch+json} on a status subresource. */
    public HttpResponse<String> patch(String path, String contentType, String body) {
        return send(admin(path).header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken);
    }

    /**
     * Compacts etcd's history up to {@code revision} (a resourceVersion), through etcd's JSON gateway: a list or
     * a watch from an older resourceVersion then gets 410 Gone ("too old resource version").
     */
    public void compact(long revision) {
        String body = "{\"revision\":\"" + revision + "\",\"physical\":true}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + etcdPort + "/v3/kv/compaction"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("etcd compaction at " + revision + " failed: " + response.statusCode()
                    + " " + response.body());
        }
        LOG.info("etcd compacted at revision {}", revision);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void writePki() {
        String san = "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc";
        try {
            Files.writeString(dir.resolve("san.ext"), san + "\n");
            Files.writeString(dir.resolve("tokens.csv"), adminToken + ",admin,admin,system:masters\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=kg-rca-test-ca");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "apiserver.key", "-out", "apiserver.csr",
                "-subj", "/CN=kube-apiserver");
        openssl("x509", "-req", "-in", "apiserver.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "apiserver.crt", "-days", "2", "-extfile", "san.ext");
        openssl("genrsa", "-out", "sa.key", "2048");
        openssl("rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub");
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: "
                        + read(dir.resolve("openssl.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("openssl is needed (apt-get install openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void startEtcd() {
        String client = "http://127.0.0.1:" + etcdPort;
        String peer = "http://127.0.0.1:" + etcdPeerPort;
        etcd = launch("etcd", List.of(binaries.etcd().toString(), "--name", "local",
                "--data-dir", dir.resolve("etcd").toString(), "--unsafe-no-fsync=true",
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "local=" + peer));
    }

    private void startApiServer() {
        apiserver = launch("kube-apiserver", List.of(binaries.apiServer().toString(),
                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + apiPort,
                "--insecure-port=0", "--cert-dir=" + dir.resolve("certs"),
                "--tls-cert-file=" + dir.resolve("apiserver.crt"), "--tls-private-key-file=" + dir.resolve("apiserver.key"),
                "--client-ca-file=" + dir.resolve("ca.crt"), "--token-auth-file=" + dir.resolve("tokens.csv"),
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc",
                "--api-audiences=https://kubernetes.default.svc",
                "--service-account-key-file=" + dir.resolve("sa.pub"),
                "--service-account-signing-key-file=" + dir.resolve("sa.key"),
                "--service-cluster-ip-range=10.0.0.0/24", "--endpoint-reconciler-type=none",
                "--enable-admission-plugins=NamespaceLifecycle", "--disable-admission-plugins=ServiceAccount",
                "--watch-cache=false", "--profiling=false"));
    }

    private Process launch(String name, List<String> command) {
        try {
            return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!etcd.isAlive() || !apiserver.isAlive()) {
                throw new IllegalStateException("etcd or kube-apiserver exited: " + tail("etcd") + tail("kube-apiserver"));
            }
            try {
                if (get("/readyz").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            sleep(200);
        }
        throw new IllegalStateException("kube-apiserver not ready in " + READY_TIMEOUT + ": " + tail("kube-apiserver"));
    }

    private String tail(String name) {
        String log = read(dir.resolve(name + ".log"));
        return "\n--- " + name + " log (end) ---\n" + log.substring(Math.max(0, log.length() - 3000));
    }

    private static SSLContext trusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the API server, then etcd (each by its own process), and deletes the data folder. */
    @Override
    public void close() {
        stopProcesses();
        TempDirs.deleteQuietly(dir);
    }

    private void stopProcesses() {
        stop(apiserver);
        stop(etcd);
    }

    private static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
