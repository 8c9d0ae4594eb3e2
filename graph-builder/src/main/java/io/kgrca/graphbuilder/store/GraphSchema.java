package io.kgrca.graphbuilder.store;

import io.kgrca.common.model.EdgeType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The constraints and indexes of the graph, all created with {@code IF NOT EXISTS} so that any number of workers
 * may apply them at start. Every uniqueness constraint is composite on {@code (tenant, id)}: two tenants may both
 * have {@code pod/kube-system/coredns}. Composite node and relationship uniqueness constraints exist on Community 5.x; the ITs run on it.
 */
public final class GraphSchema {

    /** Node labels whose {@code (tenant, id)} is unique. */
    public static final List<String> KEYED_LABELS = List.of("Resource", "Signal", "Watermark");
    /** Relationship types whose {@code (tenant, id)} is unique: every topology edge type and the inferred one. */
    public static final List<String> KEYED_TYPES = Stream.concat(
            Arrays.stream(EdgeType.values()).map(EdgeType::name), Stream.of("DEPENDS_ON")).toList();

    private GraphSchema() {
    }

    /** The statements, in order. */
    public static List<String> statements() {
        List<String> s = new ArrayList<>();
        for (String label : KEYED_LABELS) {
            s.add("CREATE CONSTRAINT kg_" + label.toLowerCase(Locale.ROOT) + "_key IF NOT EXISTS FOR (n:"
                    + label + ") REQUIRE (n.tenant, n.id) IS UNIQUE");
        }
        for (String type : KEYED_TYPES) {
            s.add("CREATE CONSTRAINT kg_" + type.toLowerCase(Locale.ROOT) + "_key IF NOT EXISTS FOR ()-[r:"
                    + type + "]-() REQUIRE (r.tenant, r.id) IS UNIQUE");
        }
        s.add("CREATE INDEX kg_resource_kind IF NOT EXISTS FOR (n:Resource) ON (n.tenant, n.kind)");
        s.add("CREATE INDEX kg_resource_deleted IF NOT EXISTS FOR (n:Resource) ON (n.tenant, n.deleted_at)");
        s.add("CREATE INDEX kg_signal_window IF NOT EXISTS FOR (n:Signal) ON (n.tenant, n.resource_id, n.last_seen)");
        s.add("CREATE INDEX kg_signal_type IF NOT EXISTS FOR (n:Signal) ON (n.tenant, n.type)");
        s.add("CREATE INDEX kg_signal_recent IF NOT EXISTS FOR (n:Signal) ON (n.tenant, n.last_seen)");
        return s;
    }
}
