package io.kgrca.graphbuilder.write;

import io.kgrca.graphbuilder.rca.SignalWindow;
import org.neo4j.driver.Record;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The abnormal signals a batch links, in their stored state after the batch's writes: the rows the batch created
 * (whose stored state is the row itself), and the state that the update statements return, so that no statement
 * reads them back. {@link #created()} tells which were created, which belong to no incident yet.
 */
final class Subjects {

    private final Map<String, SignalWindow> windows = new LinkedHashMap<>();
    private final Set<String> nodeResources = new HashSet<>();
    private final Set<String> created = new HashSet<>();

    /** Adds a subject; {@code onNode} when its resource is a Kubernetes node. */
    void add(SignalWindow window, boolean onNode, boolean isNew) {
        windows.put(window.id(), window);
        if (onNode) {
            nodeResources.add(window.resourceId());
        }
        if (isNew) {
            created.add(window.id());
        }
    }

    /** Adds the rows of a statement returning {@code id, type, rid, first, last, isNode}. */
    void addAll(Collection<Record> rows) {
        for (Record r : rows) {
            add(new SignalWindow(r.get("id").asString(), CausalValues.typeOf(r.get("type").asString(null)),
                    r.get("rid").asString(""), r.get("first").asLong(0), r.get("last").asLong(0)),
                    r.get("isNode").asBoolean(false), false);
        }
    }

    boolean contains(String id) {
        return windows.containsKey(id);
    }

    List<SignalWindow> windows() {
        return new ArrayList<>(windows.values());
    }

    boolean onNode(String resourceId) {
        return nodeResources.contains(resourceId);
    }

    /** The ids of the subjects created by the batch. */
    Set<String> created() {
        return created;
    }

    boolean isEmpty() {
        return windows.isEmpty();
    }
}
