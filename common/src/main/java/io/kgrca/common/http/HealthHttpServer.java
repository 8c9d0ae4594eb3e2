package io.kgrca.common.http;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.kgrca.common.json.JsonCodec;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A small HTTP server for {@code /healthz} (liveness checks), {@code /readyz} (every check) and
 * {@code /metrics} (Prometheus text format), on which callers may add routes of their own.
 *
 * <p>Health answers are JSON: {@code {"healthy":true,"checks":{"loop":{"healthy":true,"message":...}}}} with
 * status 200 when healthy and 503 otherwise.
 */
public final class HealthHttpServer implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile Supplier<String> extraMetrics = () -> "";

    /**
     * Binds to {@code address} (port 0 picks a free port).
     *
     * @param registry       the meters to expose
     * @param checks         the health checks
     * @param livenessChecks the names of the checks that {@code /healthz} runs; {@code /readyz} runs them all
     */
    public HealthHttpServer(InetSocketAddress address, PrometheusMeterRegistry registry, HealthCheckRegistry checks,
                            Set<String> livenessChecks) throws IOException {
        this.server = HttpServer.create(address, 0);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "http-" + address.getPort());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", ex -> respond(ex, 200, PROMETHEUS_TEXT, registry.scrape() + extraMetrics.get()));
        server.createContext("/healthz", ex -> health(ex, checks, livenessChecks));
        server.createContext("/readyz", ex -> health(ex, checks, null));
    }

    /**
     * Appends text in the Prometheus exposition format to every {@code /metrics} answer, for families that
     * Micrometer cannot express (such as a legacy gauge whose name ends in {@code _total}).
     */
    public void appendToMetrics(Supplier<String> text) {
        this.extraMetrics = text;
    }

    /** Adds a route; the handler must close the exchange. */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** Starts serving. */
    public HealthHttpServer start() {
        server.start();
        return this;
    }

    /** The bound port, useful when 0 was asked. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Writes a UTF-8 response and closes the exchange. */
    public static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Writes {@code value} as JSON and closes the exchange. */
    public static void respondJson(HttpExchange ex, int status, Object value) throws IOException {
        respond(ex, status, "application/json", JsonCodec.shared().encodeToString(value));
    }

    private static void health(HttpExchange ex, HealthCheckRegistry checks, Set<String> only) throws IOException {
        SortedMap<String, HealthCheck.Result> results = checks.runHealthChecks();
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        boolean healthy = true;
        for (Map.Entry<String, HealthCheck.Result> e : results.entrySet()) {
            if (only != null && !only.contains(e.getKey())) {
                continue;
            }
            healthy &= e.getValue().isHealthy();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("healthy", e.getValue().isHealthy());
            d.put("message", e.getValue().getMessage());
            details.put(e.getKey(), d);
        }
        body.put("healthy", healthy);
        body.put("checks", details);
        respondJson(ex, healthy ? 200 : 503, body);
    }
}
