package io.kgrca.graphbuilder.query;

import com.sun.net.httpserver.HttpExchange;
import io.kgrca.common.http.HealthHttpServer;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.graphbuilder.store.GraphRejectedException;
import io.kgrca.graphbuilder.store.GraphUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The RCA endpoints, added to the worker's health and metrics server. The tenant is always the worker's own.
 * <ul>
 *   <li>{@code GET /rca/incidents?limit=20&min_size=1}: recent incidents;</li>
 *   <li>{@code GET /rca/incidents/<id>?limit=10}: an incident's ranked root causes;</li>
 *   <li>{@code GET /rca/root-causes?signal=<url-encoded id>&limit=10}: a signal's ranked root causes.</li>
 * </ul>
 * Answers are JSON; 404 when the incident or signal does not exist, 400 for a bad parameter, 503 while Neo4j is
 * unavailable.
 */
public final class RcaHttpRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(RcaHttpRoutes.class);
    private static final String INCIDENTS = "/rca/incidents";

    private final RcaService service;
    private final TenantId tenant;

    /** Routes answering from {@code service}. */
    public RcaHttpRoutes(RcaService service, TenantId tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    /** Adds the routes to {@code server}. */
    public void register(HealthHttpServer server) {
        server.route("/rca", this::handle);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!"GET".equals(ex.getRequestMethod())) {
                error(ex, 405, "only GET is supported");
                return;
            }
            String path = ex.getRequestURI().getPath();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            int limit = intParam(q, "limit", 10, 1, 500);
            if (path.equals(INCIDENTS) || path.equals(INCIDENTS + "/")) {
                HealthHttpServer.respondJson(ex, 200, Map.of("tenant", tenant.value(),
                        "incidents", service.incidents(limit, intParam(q, "min_size", 1, 1, 1_000_000))));
            } else if (path.startsWith(INCIDENTS + "/")) {
                found(ex, service.incident(path.substring(INCIDENTS.length() + 1), limit), "incident");
            } else if (path.equals("/rca/root-causes") && q.containsKey("signal")) {
                found(ex, service.signal(q.get("signal"), limit), "signal");
            } else if (path.equals("/rca/root-causes") && q.containsKey("incident")) {
                found(ex, service.incident(q.get("incident"), limit), "incident");
            } else {
                error(ex, 404, "unknown path " + path);
            }
        } catch (IllegalArgumentException e) {
            error(ex, 400, e.getMessage());
        } catch (GraphUnavailableException e) {
            error(ex, 503, "Neo4j is unavailable: " + e.getMessage());
        } catch (GraphRejectedException | RuntimeException e) {
            LOG.warn("tenant {}: RCA request {} failed", tenant, ex.getRequestURI(), e);
            error(ex, 500, "query failed: " + e.getMessage());
        }
    }

    private static void found(HttpExchange ex, Optional<RcaAnswer> answer, String what) throws IOException {
        if (answer.isPresent()) {
            HealthHttpServer.respondJson(ex, 200, answer.get());
        } else {
            error(ex, 404, "no such " + what);
        }
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        HealthHttpServer.respondJson(ex, status, Map.of("error", message));
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    static int intParam(Map<String, String> q, String name, int fallback, int min, int max) {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be within [" + min + ", " + max + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
    }
}
