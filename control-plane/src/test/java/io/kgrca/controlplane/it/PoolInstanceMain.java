package io.kgrca.controlplane.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in pool instance for the process-runtime pool IT: serves {@code GET /pool/tenants} on
 * {@code HTTP_BIND_ADDRESS:METRICS_PORT} as a pool instance does (its {@code GROUP_INSTANCE_ID}, one assigned
 * partition, tenant {@code af1} whose record count grows with each request), then sleeps until terminated.
 */
public final class PoolInstanceMain {

    private PoolInstanceMain() {
    }

    /** Serves and sleeps. */
    public static void main(String[] args) throws IOException, InterruptedException {
        String member = System.getenv("GROUP_INSTANCE_ID");
        String placement = System.getenv("PLACEMENT");
        String client = System.getenv("CLIENT_ID");
        AtomicLong records = new AtomicLong();
        HttpServer http = HttpServer.create(new InetSocketAddress(System.getenv("HTTP_BIND_ADDRESS"),
                Integer.parseInt(System.getenv("METRICS_PORT"))), 0);
        http.createContext("/pool/tenants", ex -> {
            byte[] body = ("{\"instance\":\"" + member + "\",\"group\":\"" + member.replaceFirst("-[0-9]+$", "")
                    + "\",\"placement\":\"" + placement + "\",\"client\":" + (client == null ? "null" : "\"x\"")
                    + ",\"assigned\":[\"topic-0\"],\"tenants\":[{\"tenant\":\"af1\",\"records\":"
                    + records.addAndGet(10) + ",\"lastProcessedAt\":\"2026-12-07T12:00:00Z\",\"skipped\":0}]}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        Thread.sleep(Long.MAX_VALUE);
    }
}
