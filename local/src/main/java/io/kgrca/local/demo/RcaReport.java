package io.kgrca.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.common.http.ApiToken;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks a tenant's graph-builder for its ranked root causes over HTTP ({@code GET /rca/incidents}, then
 * {@code GET /rca/incidents/<id>}, under a prefix for a pooled tenant) and renders them as text lines.
 */
public final class RcaReport {

    private final int port;
    private final String prefix;
    private final ApiToken token;

    /** The RCA API of the (dedicated) graph-builder serving on {@code 127.0.0.1:port}, asked with {@code token}. */
    public RcaReport(int port, ApiToken token) {
        this(port, "", token);
    }

    /**
     * The RCA API under {@code prefix} on {@code 127.0.0.1:port}: a pool graph-builder serves each pooled tenant's
     * routes under {@code /tenants/<tenant>} (see {@link #pooled(int, String, ApiToken)}).
     */
    public RcaReport(int port, String prefix, ApiToken token) {
        this.port = port;
        this.prefix = prefix;
        this.token = token;
    }

    /** The RCA API of {@code tenant} served by the pool graph-builder instance on {@code port}. */
    public static RcaReport pooled(int port, String tenant, ApiToken token) {
        return new RcaReport(port, "/tenants/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8), token);
    }

    /**
     * One ranked cause.
     *
     * @param rank     1 for the most likely
     * @param signalId the signal's id in the graph
     * @param reason   the event reason, or the signal type of a log template
     * @param subject  the resource it is about
     * @param message  the signal's message
     * @param score    the ranking score
     */
    public record Cause(int rank, String signalId, String reason, String subject, String message, double score) {
        @Override
        public String toString() {
            String m = message.length() > 90 ? message.substring(0, 87) + "..." : message;
            return "#" + rank + " " + reason + " on " + subject + " (score " + String.format("%.3f", score) + "): "
                    + m;
        }
    }

    /** The ranked causes of the main incident (the first listed: the largest impact); empty when there is none yet. */
    public Optional<List<Cause>> rootCauses() {
        Optional<JsonNode> incidents = Http.getJson(port, prefix + "/rca/incidents?limit=20", token);
        if (incidents.isEmpty()) {
            return Optional.empty();
        }
        JsonNode best = incidents.get().path("incidents").path(0);
        if (best.isMissingNode()) {
            return Optional.empty();
        }
        return Http.getJson(port, prefix + "/rca/incidents/" + URLEncoder.encode(best.path("id").asText(),
                StandardCharsets.UTF_8) + "?limit=5", token).map(RcaReport::causes);
    }

    private static List<Cause> causes(JsonNode answer) {
        List<Cause> out = new ArrayList<>();
        for (JsonNode c : answer.path("root_causes")) {
            JsonNode s = c.path("signal");
            out.add(new Cause(c.path("rank").asInt(), s.path("id").asText(), first(s, "reason", "type", "kind"),
                    first(s, "resource"), first(s, "message"), c.path("score").asDouble()));
        }
        return out;
    }

    private static String first(JsonNode node, String... names) {
        for (String n : names) {
            JsonNode v = node.path(n);
            if (!v.isMissingNode() && !v.isNull()) {
                return v.isTextual() ? v.asText() : v.toString();
            }
        }
        return "?";
    }
}
