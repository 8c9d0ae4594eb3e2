package io.kgrca.graphbuilder.analysis;

import java.util.List;
import java.util.Map;

/**
 * Everything one analysis reads: the signals of a time range, the tenant's resources and their relationships.
 *
 * @param facts     signals (abnormal ones and changes) active in the range
 * @param resources resources by id
 * @param relations stored topology
 * @param truncated true when the range held more signals than were read
 */
public record Evidence(List<Fact> facts, Map<String, Resource> resources, List<Relation> relations,
                       boolean truncated) {

    /** Copies the collections. */
    public Evidence {
        facts = List.copyOf(facts);
        resources = Map.copyOf(resources);
        relations = List.copyOf(relations);
    }

    /** The resource {@code id}, or a placeholder made from the id. */
    public Resource resource(String id) {
        Resource r = resources.get(id);
        return r != null ? r : Resource.of(id);
    }
}
