package io.kgrca.controlplane.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.kgrca.common.http.ApiListener;
import io.kgrca.common.http.BearerAuthenticator;
import io.kgrca.common.http.BearerGuard;
import io.kgrca.common.http.HealthHttpServer;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.ControlPlane;
import io.kgrca.controlplane.runtime.WorkerKind;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON status API: {@code GET /api/tenants}, {@code GET /api/tenants/{id}},
 * {@code POST /api/tenants/{id}/workers/{worker}/restart} (clears FAILED), and {@code GET /api/sd} (Prometheus
 * HTTP service discovery of the workers' metrics endpoints). Tenant ids in paths are validated before use.
 *
 * <p>Every {@code /api/tenants} route requires the operator's bearer token ({@link BearerGuard}). {@code /api/sd}
 * belongs to the metrics surface: it is open and served on the loopback listener only, like {@code /metrics}
 * (it lists the same targets that Prometheus' own UI shows without a login).
 */
public final class StatusApi {

    private final ControlPlane plane;
    private final BearerAuthenticator auth;

    /** Serves the state of {@code plane} to requests that {@code auth} allows. */
    public StatusApi(ControlPlane plane, BearerAuthenticator auth) {
        this.plane = plane;
        this.auth = auth;
    }

    /** Adds the routes to the loopback {@code server}: the guarded API, and the open service discovery. */
    public void register(HealthHttpServer server) {
        guardedRoutes().forEach(server::route);
        server.route("/api/sd", ex -> HealthHttpServer.respondJson(ex, 200, plane.serviceDiscovery()));
    }

    /** Adds the guarded API routes (and nothing open) to the API-only {@code listener}. */
    public void register(ApiListener listener) {
        guardedRoutes().forEach(listener::route);
    }

    /** Every route that requires the token; a new route goes here, wrapped in {@link #guard}. */
    private Map<String, HttpHandler> guardedRoutes() {
        return Map.of("/api/tenants", guard(this::tenants));
    }

    private HttpHandler guard(HttpHandler handler) {
        return new BearerGuard(auth, handler, StatusApi::tenantInPath);
    }

    /** The tenant a request's path names, for the refusal log ("-" when none or invalid). */
    static String tenantInPath(HttpExchange ex) {
        String[] parts = ex.getRequestURI().getPath().split("/");
        return parts.length > 3 && TenantId.isValid(parts[3]) ? parts[3] : "-";
    }

    private void tenants(HttpExchange ex) throws IOException {
        String[] parts = ex.getRequestURI().getPath().replaceAll("/+$", "").split("/");
        // "", "api", "tenants", id, "workers", worker, "restart"
        if (parts.length == 3 && "GET".equals(ex.getRequestMethod())) {
            HealthHttpServer.respondJson(ex, 200, plane.tenantViews());
            return;
        }
        if (parts.length < 4 || !TenantId.isValid(parts[3])) {
            HealthHttpServer.respondJson(ex, 404, Map.of("error", "no such tenant"));
            return;
        }
        TenantId id = TenantId.of(parts[3]);
        if (parts.length == 4 && "GET".equals(ex.getRequestMethod())) {
            Optional<Object> view = plane.tenantView(id);
            if (view.isPresent()) {
                HealthHttpServer.respondJson(ex, 200, view.get());
            } else {
                HealthHttpServer.respondJson(ex, 404, Map.of("error", "no such tenant"));
            }
            return;
        }
        if (parts.length == 7 && "workers".equals(parts[4]) && "restart".equals(parts[6])
                && "POST".equals(ex.getRequestMethod())) {
            Optional<WorkerKind> kind = WorkerKind.fromId(parts[5]);
            if (kind.isEmpty()) {
                HealthHttpServer.respondJson(ex, 404, Map.of("error", "no such worker"));
                return;
            }
            plane.restartWorker(id, kind.get());
            HealthHttpServer.respondJson(ex, 202, Map.of("tenant", id.value(), "worker", kind.get().id(),
                    "status", "restart requested"));
            return;
        }
        HealthHttpServer.respondJson(ex, 405, Map.of("error", "unsupported request"));
    }
}
