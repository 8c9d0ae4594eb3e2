package io.kgrca.graphbuilder.analysis;

/**
 * A stored topology relationship, as written: {@code (from)-[type]->(to)}.
 *
 * @param from the resource the relationship starts at
 * @param type the relationship type ({@code RUNS_ON}, {@code CONTROLS}, {@code SELECTS}, {@code DEPENDS_ON},
 *             {@code MOUNTS}, ...)
 * @param to   the resource it ends at
 */
public record Relation(String from, String type, String to) {
}
