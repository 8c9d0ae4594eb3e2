package io.kgrca.controlplane.http;

import com.sun.net.httpserver.HttpExchange;
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
 */
public final class StatusApi {

    private final ControlPlane plane;

    /** Serves the state of {@code plane}. */
    public StatusApi(ControlPlane plane) {
        this.plane = plane;
    }

    /** Adds the routes to {@code server}. */
    public void register(HealthHttpServer server) {
        server.route("/api/tenants", this::tenants);
        server.route("/api/sd", ex -> HealthHttpServer.respondJson(ex, 200, plane.serviceDiscovery()));
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
