package io.kgrca.graphbuilder.store;

import io.kgrca.common.model.EdgeType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The constraints and indexes of the graph, all created with {@code IF NOT EXISTS} so that any number of workers
 * may apply them at start. Every uniqueness constraint is composite on {@code (tenant, id)}: two tenants may both
 * have {@code pod/kube-system/coredns}. Composite node and relationship uniqueness constraints exist on Community 5.x; the ITs run on it.
 *
 * <p>Every rule has a name starting with {@link #PREFIX}, and a uniqueness constraint's backing index carries the
 * constraint's name, so one {@link #PRESENT_QUERY} tells which rules a database already has: a worker that finds them
 * all skips the DDL ({@link #missing}), which is what makes the schema a once-per-database cost rather than a
 * per-start one. A rule whose definition changes must change its name (e.g. a {@code _v2} suffix).
 */
public final class GraphSchema {

    /** The prefix of every rule's name. */
    public static final String PREFIX = "kg_";
    /** Node labels whose {@code (tenant, id)} is unique. */
    public static final List<String> KEYED_LABELS = List.of("Resource", "Signal", "Watermark");
    /** Relationship types whose {@code (tenant, id)} is unique: every topology edge type and the inferred one. */
    public static final List<String> KEYED_TYPES = Stream.concat(
            Arrays.stream(EdgeType.values()).map(EdgeType::name), Stream.of("DEPENDS_ON")).toList();
    /** The names of the rules a database has (constraints through their backing indexes), as {@code names}. */
    public static final String PRESENT_QUERY =
            "SHOW INDEXES YIELD name WHERE name STARTS WITH '" + PREFIX + "' RETURN collect(name) AS names";

    private static final List<Rule> RULES = rules();

    /**
     * One schema rule.
     *
     * @param name      the rule's name in the database
     * @param statement its {@code CREATE ... IF NOT EXISTS} statement
     */
    public record Rule(String name, String statement) {
    }

    private GraphSchema() {
    }

    /** The statements, in order. */
    public static List<String> statements() {
        return RULES.stream().map(Rule::statement).toList();
    }

    /** The rules, in order. */
    public static List<Rule> all() {
        return RULES;
    }

    /** The rules, in order, whose name is not among {@code present} (a database's {@link #PRESENT_QUERY}). */
    public static List<Rule> missing(Collection<String> present) {
        Set<String> have = new HashSet<>(present);
        return RULES.stream().filter(r -> !have.contains(r.name())).toList();
    }

    private static List<Rule> rules() {
        List<Rule> s = new ArrayList<>();
        for (String label : KEYED_LABELS) {
            String name = PREFIX + label.toLowerCase(Locale.ROOT) + "_key";
            s.add(new Rule(name, "CREATE CONSTRAINT " + name + " IF NOT EXISTS FOR (n:" + label
                    + ") REQUIRE (n.tenant, n.id) IS UNIQUE"));
        }
        for (String type : KEYED_TYPES) {
            String name = PREFIX + type.toLowerCase(Locale.ROOT) + "_key";
            s.add(new Rule(name, "CREATE CONSTRAINT " + name + " IF NOT EXISTS FOR ()-[r:" + type
                    + "]-() REQUIRE (r.tenant, r.id) IS UNIQUE"));
        }
        s.add(index("kg_resource_kind", "Resource", "n.tenant, n.kind"));
        s.add(index("kg_resource_deleted", "Resource", "n.tenant, n.deleted_at"));
        s.add(index("kg_signal_window", "Signal", "n.tenant, n.resource_id, n.last_seen"));
        s.add(index("kg_signal_type", "Signal", "n.tenant, n.type"));
        s.add(index("kg_signal_recent", "Signal", "n.tenant, n.last_seen"));
        return List.copyOf(s);
    }

    private static Rule index(String name, String label, String properties) {
        return new Rule(name, "CREATE INDEX " + name + " IF NOT EXISTS FOR (n:" + label + ") ON (" + properties + ")");
    }
}
