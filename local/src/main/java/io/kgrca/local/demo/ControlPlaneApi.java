package io.kgrca.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.common.http.ApiToken;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The control plane's status API ({@code GET /api/tenants/{id}}) as the e2e test and the local mode read it. */
public final class ControlPlaneApi {

    private final int port;
    private final ApiToken token;

    /** The API on {@code 127.0.0.1:port}, asked with the operator {@code token}. */
    public ControlPlaneApi(int port, ApiToken token) {
        this.port = port;
        this.token = token;
    }

    /** True once the registry was read to its end ({@code /readyz} is 200). */
    public boolean ready() {
        return Http.status(port, "/readyz") == 200;
    }

    /** The tenant's status document, empty when the control plane does not know it (or does not answer). */
    public Optional<JsonNode> tenant(String tenant) {
        return Http.getJson(port, "/api/tenants/" + tenant, token);
    }

    /** The tenant's lifecycle state ({@code ACTIVE}, {@code STALE}, {@code DEAD}, ...), or {@code UNKNOWN}. */
    public String state(String tenant) {
        return tenant(tenant).map(t -> t.path("state").asText("UNKNOWN")).orElse("UNKNOWN");
    }

    /** True once the tenant is DEAD and its workers and consumer groups are gone ({@code cleaned_up}). */
    public boolean cleanedUp(String tenant) {
        return tenant(tenant).map(t -> "DEAD".equals(t.path("state").asText())
                && t.path("cleaned_up").asBoolean(false)).orElse(false);
    }

    /**
     * The tenant's placement mode ({@code shared} or {@code dedicated}) as its view shows it (field
     * {@code placement}, a string or an object with {@code placement} or {@code mode}), or {@code UNKNOWN}.
     */
    public String placement(String tenant) {
        return tenant(tenant).map(t -> {
            JsonNode p = t.path("placement");
            if (p.isTextual()) {
                return p.asText();
            }
            for (String field : new String[] {"placement", "mode"}) {
                if (p.path(field).isTextual()) {
                    return p.path(field).asText();
                }
            }
            return "UNKNOWN";
        }).orElse("UNKNOWN");
    }

    /** True while the tenant's last move is not complete (its old side not drained: {@code placement.draining}). */
    public boolean draining(String tenant) {
        return tenant(tenant).map(t -> t.path("placement").path("draining").asBoolean(false)).orElse(false);
    }

    /**
     * Moves the tenant to {@code placement} ({@code shared} or {@code dedicated}):
     * {@code POST /api/tenants/{id}/placement}; returns the HTTP status (202: accepted, 409: the previous move is not
     * complete).
     */
    public int move(String tenant, String placement) {
        return Http.postJson(port, "/api/tenants/" + tenant + "/placement", token,
                "{\"placement\":\"" + placement + "\"}");
    }

    /** The pools' status document ({@code GET /api/pools}), empty when it does not answer. */
    public Optional<JsonNode> pools() {
        return Http.getJson(port, "/api/pools", token);
    }

    /** Worker name → state ({@code RUNNING}, {@code BACKING_OFF}, ...) of the tenant's workers. */
    public Map<String, String> workerStates(String tenant) {
        Map<String, String> out = new LinkedHashMap<>();
        tenant(tenant).ifPresent(t -> t.path("workers").forEach(w -> out.put(w.path("worker").asText(),
                w.path("state").asText())));
        return out;
    }

    /** The health/metrics/RCA port of one of the tenant's workers, or 0. */
    public int workerPort(String tenant, String worker) {
        return worker(tenant, worker).map(w -> w.path("metrics_port").asInt(0)).orElse(0);
    }

    /** How many times the control plane restarted a worker of the tenant. */
    public int restarts(String tenant, String worker) {
        return worker(tenant, worker).map(w -> w.path("restarts").asInt(0)).orElse(0);
    }

    private Optional<JsonNode> worker(String tenant, String worker) {
        return tenant(tenant).flatMap(t -> {
            for (JsonNode w : t.path("workers")) {
                if (worker.equals(w.path("worker").asText())) {
                    return Optional.of(w);
                }
            }
            return Optional.empty();
        });
    }
}
