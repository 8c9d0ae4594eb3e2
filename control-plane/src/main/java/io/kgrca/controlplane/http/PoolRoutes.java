package io.kgrca.controlplane.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.kgrca.common.http.HealthHttpServer;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.pool.PoolSettings;
import io.kgrca.controlplane.pool.Pools;
import io.kgrca.controlplane.runtime.WorkerKind;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/pools} and {@code POST /api/pools/{worker}/{n}/restart}, behind the status API's bearer guard;
 * and the {@code pool_progress} of a tenant's view.
 */
final class PoolRoutes implements HttpHandler {

    private final Pools pools;

    PoolRoutes(Pools pools) {
        this.pools = pools;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String[] parts = ex.getRequestURI().getPath().replaceAll("/+$", "").split("/");
        // "", "api", "pools", worker, n, "restart"
        if (parts.length == 3 && "GET".equals(ex.getRequestMethod())) {
            HealthHttpServer.respondJson(ex, 200, Map.of("pools", pools.views()));
            return;
        }
        if (parts.length == 6 && "restart".equals(parts[5]) && "POST".equals(ex.getRequestMethod())) {
            Optional<WorkerKind> kind = WorkerKind.fromId(parts[3]);
            int index = parts[4].matches("[0-9]{1,3}") ? Integer.parseInt(parts[4]) : -1;
            if (kind.isEmpty() || index < 0 || index >= PoolSettings.PORTS_PER_KIND) {
                HealthHttpServer.respondJson(ex, 404, Map.of("error", "no such pool instance"));
                return;
            }
            pools.restart(kind.get(), index);
            HealthHttpServer.respondJson(ex, 202, Map.of("worker", kind.get().id(), "instance", index,
                    "status", "restart requested"));
            return;
        }
        HealthHttpServer.respondJson(ex, 405, Map.of("error", "unsupported request"));
    }

    /** {@code view} with the tenant's progress in the pools, when it is a map and pools run. */
    @SuppressWarnings("unchecked")
    static Object withProgress(Object view, Pools pools, TenantId id) {
        if (pools == null || !(view instanceof Map<?, ?> map)) {
            return view;
        }
        Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) map);
        out.put("pool_progress", pools.progressOf(id).orElse(null));
        return out;
    }
}
