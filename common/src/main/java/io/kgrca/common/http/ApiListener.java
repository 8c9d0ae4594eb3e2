package io.kgrca.common.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A listener that serves API routes only (no health, no metrics): plain HTTP, or HTTPS when {@link TlsSettings}
 * are given (JDK {@link HttpsServer}). Callers wrap their handlers in a {@link BearerGuard}.
 */
public final class ApiListener implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final boolean tls;

    private ApiListener(HttpServer server, ExecutorService executor, boolean tls) {
        this.server = server;
        this.executor = executor;
        this.tls = tls;
    }

    /** Binds {@code address} (port 0 picks a free port), with TLS when {@code tls} is not null. */
    public static ApiListener bind(InetSocketAddress address, TlsSettings tls) throws IOException {
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
            server = https;
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "api-" + address.getPort());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        return new ApiListener(server, executor, tls != null);
    }

    /** Adds a route; the handler must close the exchange. */
    public ApiListener route(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    /** Starts serving. */
    public ApiListener start() {
        server.start();
        return this;
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** True when this listener speaks HTTPS. */
    public boolean tls() {
        return tls;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
