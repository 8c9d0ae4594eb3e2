package io.kgrca.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Objects;

/**
 * A topology edge, the value of a {@code state.k8s.topology} record keyed {@code <client>::edge::<id>} where
 * the id is {@link #id()}. A null value deletes the edge.
 *
 * @param op   upsert or delete
 * @param at   when the agent observed it
 * @param type the relationship
 * @param from the source object
 * @param to   the target object
 */
public record EdgeRecord(
        @JsonProperty(value = "op", required = true) Op op,
        @JsonProperty("at") Instant at,
        @JsonProperty(value = "type", required = true) EdgeType type,
        @JsonProperty(value = "from", required = true) ResourceRef from,
        @JsonProperty(value = "to", required = true) ResourceRef to) {

    private static final String ARROW = "->";

    /** Requires every part. */
    public EdgeRecord {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** The edge identity {@code <TYPE>:<from id>-><to id>}, e.g. {@code RUNS_ON:pod/default/web-0->node//n1}. */
    @JsonIgnore
    public String id() {
        return idOf(type, from, to);
    }

    /** The identity of an edge with these parts. */
    public static String idOf(EdgeType type, ResourceRef from, ResourceRef to) {
        return type.name() + ":" + from.id() + ARROW + to.id();
    }

    /**
     * The parts of an edge id, for tombstones that carry only their key.
     *
     * @param type the relationship
     * @param from the source object (kind in lower case)
     * @param to   the target object (kind in lower case)
     */
    public record EdgeId(EdgeType type, ResourceRef from, ResourceRef to) {
    }

    /** Parses {@link #id()}; throws {@link IllegalArgumentException} on a malformed id. */
    public static EdgeId parseId(String id) {
        Objects.requireNonNull(id, "id");
        int colon = id.indexOf(':');
        int arrow = id.indexOf(ARROW);
        if (colon < 0 || arrow < colon) {
            throw new IllegalArgumentException("edge id '" + id + "' is not <TYPE>:<from>-><to>");
        }
        EdgeType type = EdgeType.valueOf(id.substring(0, colon));
        return new EdgeId(type, ResourceRef.parse(id.substring(colon + 1, arrow)),
                ResourceRef.parse(id.substring(arrow + ARROW.length())));
    }
}
