package io.kgrca.controlplane.pool;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Where the pool instances' {@code GET /pool/tenants} reports come from. */
@FunctionalInterface
public interface InstanceReports {

    /** No reports (tests, runtimes whose instances serve none). */
    InstanceReports NONE = port -> Optional.empty();

    /** The report of the instance serving on {@code port}; empty when it does not answer or answers nonsense. */
    Optional<InstanceReport> fetch(int port);

    /** Reports read over loopback HTTP from instances listening on {@code host}, waiting at most {@code timeout}. */
    static InstanceReports http(String host, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return port -> {
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://" + authority + ":"
                        + port + "/pool/tenants")).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                return r.statusCode() == 200 ? Optional.of(InstanceReport.parse(r.body())) : Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (Exception e) {
                return Optional.empty();
            }
        };
    }
}
