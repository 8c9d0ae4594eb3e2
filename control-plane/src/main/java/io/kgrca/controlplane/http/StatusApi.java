package io.kgrca.controlplane.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.kgrca.common.http.ApiListener;
import io.kgrca.common.http.BearerAuthenticator;
import io.kgrca.common.http.BearerGuard;
import io.kgrca.common.http.HealthHttpServer;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.TenantProvision;
import io.kgrca.common.placement.Placement;
import io.kgrca.common.placement.PlacementMode;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.admission.TenantsTopic;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.ControlPlane;
import io.kgrca.controlplane.placement.MoveRefusedException;
import io.kgrca.controlplane.pool.Pools;
import io.kgrca.controlplane.runtime.WorkerKind;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON status API: {@code GET /api/tenants} (registered and provisioned tenants), {@code GET /api/tenants/{id}},
 * {@code PUT /api/tenants/{id}} (provision; body {@code {"state":"paused"}} to pause), {@code DELETE
 * /api/tenants/{id}} (deprovision: its workers are removed),
 * {@code POST /api/tenants/{id}/workers/{worker}/restart} (clears FAILED), {@code POST /api/tenants/{id}/placement}
 * (body {@code {"placement":"dedicated"}} or {@code shared}: moves the tenant; 409 while its previous move is not
 * complete), {@code GET /api/placements} (every tenant's placement), and {@code GET /api/sd} (Prometheus
 * HTTP service discovery of the workers' metrics endpoints). Tenant ids in paths are validated before use.
 *
 * <p>Every {@code /api/tenants} and {@code /api/placements} route requires the operator's bearer token ({@link BearerGuard}). {@code /api/sd}
 * belongs to the metrics surface: it is open and served on the loopback listener only, like {@code /metrics}
 * (it lists the same targets that Prometheus' own UI shows without a login).
 */
public final class StatusApi {

    private final ControlPlane plane;
    private final TenantsTopic provisioning;
    private final BearerAuthenticator auth;
    private Pools pools;

    /**
     * Serves the state of {@code plane} to requests that {@code auth} allows; tenants are provisioned through
     * {@code provisioning} (null: not served).
     */
    public StatusApi(ControlPlane plane, TenantsTopic provisioning, BearerAuthenticator auth) {
        this.plane = plane;
        this.provisioning = provisioning;
        this.auth = auth;
    }

    /**
     * Also serves the pools of shared placement: {@code GET /api/pools} (per worker kind: desired and running
     * instances, each instance's state, restarts, assigned partitions and tenant count, the group's lag),
     * {@code POST /api/pools/{worker}/{n}/restart} (clears a FAILED instance), and each tenant's progress in the
     * pools ({@code pool_progress}) in {@code GET /api/tenants/{id}}. Call before {@code register}.
     */
    public StatusApi withPools(Pools value) {
        this.pools = value;
        return this;
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
        Map<String, HttpHandler> routes = new HashMap<>();
        routes.put("/api/tenants", guard(this::tenants));
        routes.put("/api/placements", guard(this::placements));
        if (pools != null) {
            routes.put("/api/pools", guard(new PoolRoutes(pools)));
        }
        return routes;
    }

    private void placements(HttpExchange ex) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            HealthHttpServer.respondJson(ex, 405, Map.of("error", "unsupported request"));
            return;
        }
        HealthHttpServer.respondJson(ex, 200, plane.placements().views());
    }

    private HttpHandler guard(HttpHandler handler) {
        return new BearerGuard(auth, handler, StatusApi::tenantInPath);
    }

    /** The tenant a request's path names, for the refusal log ("-" when none or invalid). */
    static String tenantInPath(HttpExchange ex) {
        String[] parts = ex.getRequestURI().getPath().split("/");
        return parts.length > 3 && "tenants".equals(parts[2]) && TenantId.isValid(parts[3]) ? parts[3] : "-";
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
        if (parts.length == 4 && provisioning != null
                && ("PUT".equals(ex.getRequestMethod()) || "DELETE".equals(ex.getRequestMethod()))) {
            provision(ex, id);
            return;
        }
        if (parts.length == 4 && "GET".equals(ex.getRequestMethod())) {
            Optional<Object> view = plane.tenantView(id).map(v -> PoolRoutes.withProgress(v, pools, id));
            if (view.isPresent()) {
                HealthHttpServer.respondJson(ex, 200, view.get());
            } else {
                HealthHttpServer.respondJson(ex, 404, Map.of("error", "no such tenant"));
            }
            return;
        }
        if (parts.length == 5 && "placement".equals(parts[4]) && "POST".equals(ex.getRequestMethod())) {
            move(ex, id);
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

    private void provision(HttpExchange ex, TenantId id) throws IOException {
        try {
            if ("DELETE".equals(ex.getRequestMethod())) {
                provisioning.remove(id);
                HealthHttpServer.respondJson(ex, 202, Map.of("tenant", id.value(), "status", "deprovisioned"));
                return;
            }
            String state = requestedState(ex);
            if (state == null) {
                HealthHttpServer.respondJson(ex, 400, Map.of("error", "the body, when given, is {\"state\":\"active\"}"
                        + " or {\"state\":\"paused\"}"));
                return;
            }
            TenantProvision p = provisioning.put(id, state);
            HealthHttpServer.respondJson(ex, 202, Map.of("tenant", id.value(), "status", "provisioned",
                    "state", p.state()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HealthHttpServer.respondJson(ex, 503, Map.of("error", "interrupted"));
        } catch (Exception e) {
            HealthHttpServer.respondJson(ex, 503, Map.of("error", "cannot write " + Topics.CLUSTER_TENANTS + ": "
                    + e.getMessage()));
        }
    }

    /** {@code POST /api/tenants/<t>/placement} {@code {"placement":"dedicated"}}: moves the tenant. */
    private void move(HttpExchange ex, TenantId id) throws IOException {
        PlacementMode to;
        try {
            byte[] body = ex.getRequestBody().readNBytes(1025);
            Object value = body.length == 0 || body.length > 1024 ? null
                    : JsonCodec.shared().mapper().readValue(body, Map.class).get("placement");
            to = PlacementMode.parse(value instanceof String v ? v : null);
        } catch (IOException | RuntimeException e) {
            HealthHttpServer.respondJson(ex, 400, Map.of("error", "the body is {\"placement\":\"shared\"} or "
                    + "{\"placement\":\"dedicated\"}"));
            return;
        }
        try {
            Placement p = plane.placements().move(id, to, "operator (API)", true);
            HealthHttpServer.respondJson(ex, 202, plane.placements().view(TenantId.of(p.tenant())));
        } catch (MoveRefusedException e) {
            HealthHttpServer.respondJson(ex, 409, Map.of("error", e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HealthHttpServer.respondJson(ex, 503, Map.of("error", "interrupted"));
        } catch (Exception e) {
            HealthHttpServer.respondJson(ex, 503, Map.of("error", "cannot write " + Topics.CLUSTER_PLACEMENT + ": "
                    + e.getMessage()));
        }
    }

    /** The state a PUT asks for: active without a body; null when the body is not a known state. */
    private static String requestedState(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readNBytes(1025);
        if (body.length == 0) {
            return TenantProvision.ACTIVE;
        }
        if (body.length > 1024) {
            return null;
        }
        try {
            Object state = JsonCodec.shared().mapper().readValue(body, Map.class).get("state");
            return TenantProvision.ACTIVE.equals(state) || TenantProvision.PAUSED.equals(state) ? (String) state : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
