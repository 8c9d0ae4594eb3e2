package io.kgrca.controlplane.pool;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;

import java.util.ArrayList;
import java.util.List;

/**
 * What a pool instance reports on {@code GET /pool/tenants} (the JSON of common's pool instances): its member id,
 * group, assigned partitions and per-tenant progress. Read leniently (this is a status view, not a wire record):
 * time and skip fields are kept as the instance wrote them.
 *
 * @param instance the static member id
 * @param group    the consumer group
 * @param assigned the assigned partitions, as written ({@code topic-n} strings or objects)
 * @param tenants  per-tenant progress
 */
public record InstanceReport(String instance, String group, List<Object> assigned, List<TenantProgress> tenants) {

    /**
     * One tenant's progress in one instance.
     *
     * @param tenant              the tenant id
     * @param records             records processed
     * @param lastBrokerTimestamp the broker timestamp of the last record, as written
     * @param lastProcessedAt     when the last record was processed, as written
     * @param skipped             records skipped (a count, or counts by reason), as written
     */
    public record TenantProgress(String tenant, long records, Object lastBrokerTimestamp, Object lastProcessedAt,
                                 Object skipped) {
    }

    /** Copies the lists. */
    public InstanceReport {
        assigned = List.copyOf(assigned);
        tenants = List.copyOf(tenants);
    }

    /** Parses a report; a body that is not a JSON object throws. */
    public static InstanceReport parse(byte[] body) throws JsonDecodeException {
        JsonNode root = JsonCodec.shared().decodeTree(body);
        if (!root.isObject()) {
            throw new IllegalArgumentException("/pool/tenants is not a JSON object");
        }
        List<Object> assigned = new ArrayList<>();
        root.path("assigned").forEach(n -> assigned.add(plain(n)));
        List<TenantProgress> tenants = new ArrayList<>();
        for (JsonNode t : root.path("tenants")) {
            if (t.hasNonNull("tenant")) {
                tenants.add(new TenantProgress(t.get("tenant").asText(), t.path("records").asLong(0),
                        plain(t.get("lastBrokerTimestamp")), plain(t.get("lastProcessedAt")), plain(t.get("skipped"))));
            }
        }
        return new InstanceReport(root.path("instance").asText(""), root.path("group").asText(""), assigned,
                tenants);
    }

    private static Object plain(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null
                : JsonCodec.shared().mapper().convertValue(n, Object.class);
    }
}
