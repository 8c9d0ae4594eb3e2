package io.kgrca.graphbuilder.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.kgrca.common.http.ApiListener;
import io.kgrca.common.http.BearerAuthenticator;
import io.kgrca.common.http.BearerGuard;
import io.kgrca.common.http.HealthHttpServer;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.graphbuilder.store.GraphRejectedException;
import io.kgrca.graphbuilder.store.GraphUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The RCA endpoints, added to the worker's health and metrics server. The tenant is always the worker's own.
 * <ul>
 *   <li>{@code GET /rca/incidents?limit=20&min_size=1&from=&to=&include_quiet=false}: incidents by impact;</li>
 *   <li>{@code GET /rca/incidents/<id>?limit=10&from=&to=}: an incident's ranked root causes;</li>
 *   <li>{@code GET /rca/root-causes?signal=<url-encoded id>&limit=10}: a signal's ranked root causes.</li>
 * </ul>
 * {@code from} and {@code to} are ISO-8601 instants or epoch milliseconds; the default range ends at the tenant's
 * last abnormal signal and spans the look-back ({@code RCA_LOOKBACK}) before it. The API is described by
 * {@code docs/rca-api.yaml} (OpenAPI 3).
 * Answers are JSON; 404 when the incident or signal does not exist, 400 for a bad parameter, 503 while Neo4j is
 * unavailable. Every request needs a bearer token ({@link RcaAccess}): 401 without a valid one, 403 for another
 * tenant's.
 */
public final class RcaHttpRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(RcaHttpRoutes.class);
    private static final String INCIDENTS = "/rca/incidents";

    private final RcaService service;
    private final TenantId tenant;
    private final BearerAuthenticator auth;

    /** Routes answering from {@code service} to requests that {@code auth} allows. */
    public RcaHttpRoutes(RcaService service, TenantId tenant, BearerAuthenticator auth) {
        this.service = service;
        this.tenant = tenant;
        this.auth = auth;
    }

    /** Adds the guarded routes to the worker's loopback {@code server}. */
    public void register(HealthHttpServer server) {
        server.route("/rca", guarded());
    }

    /** Adds the guarded routes to an RCA-only {@code listener}. */
    public void register(ApiListener listener) {
        listener.route("/rca", guarded());
    }

    private HttpHandler guarded() {
        return new BearerGuard(auth, this::handle, ex -> tenant.value());
    }

    private void handle(HttpExchange ex) throws IOException {
        answer(ex, ex.getRequestURI().getPath());
    }

    /**
     * Answers an authorized request whose path, relative to the tenant's API, is {@code path} ({@code /rca/...}):
     * a pool instance serves it under {@code /tenants/<tenant>} ({@link PoolRcaRoutes}).
     */
    public void answer(HttpExchange ex, String path) throws IOException {
        try {
            if (!"GET".equals(ex.getRequestMethod())) {
                error(ex, 405, "only GET is supported");
                return;
            }
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            int limit = intParam(q, "limit", 10, 1, 500);
            Instant from = instantParam(q, "from");
            Instant to = instantParam(q, "to");
            if (from != null && to != null && from.isAfter(to)) {
                throw new IllegalArgumentException("from must not be after to");
            }
            if (path.equals(INCIDENTS) || path.equals(INCIDENTS + "/")) {
                int minSize = intParam(q, "min_size", 1, 1, 1_000_000);
                boolean quiet = "true".equals(q.get("include_quiet"));
                RcaService.IncidentList list = service.list(from, to, 500, quiet);
                HealthHttpServer.respondJson(ex, 200, new RcaService.IncidentList(list.tenant(), list.computedAt(),
                        list.range(), list.incidents().stream().filter(i -> i.size() >= minSize).limit(limit)
                        .toList(), list.quiet(), list.signals(), list.truncated()));
            } else if (path.startsWith(INCIDENTS + "/")) {
                found(ex, service.incident(path.substring(INCIDENTS.length() + 1), from, to, limit), "incident");
            } else if (path.equals("/rca/root-causes") && q.containsKey("signal")) {
                found(ex, service.signal(q.get("signal"), from, to, limit), "signal");
            } else if (path.equals("/rca/root-causes") && q.containsKey("incident")) {
                found(ex, service.incident(q.get("incident"), from, to, limit), "incident");
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

    /** An instant given as ISO-8601 ({@code 2026-12-06T10:00:00Z}) or epoch milliseconds, or null when absent. */
    static Instant instantParam(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return v.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(v)) : Instant.parse(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant or epoch milliseconds");
        }
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
