package io.kgrca.agent.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kgrca.agent.state.EventTracker.EventItem;
import io.kgrca.common.json.JsonCodec;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Maps a core/v1 Event to what the agent sends: the Event's own JSON shape (what {@code RawK8sEvent} reads)
 * without {@code metadata.managedFields}, and its latest occurrence. Pure.
 */
public final class EventMapper {

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** The item to send, or empty for an event without a uid (it cannot be keyed). */
    public Optional<EventItem> map(Event event) {
        if (event.getMetadata() == null || event.getMetadata().getUid() == null || event.getMetadata().getUid().isBlank()) {
            return Optional.empty();
        }
        JsonNode tree = serialization.convertValue(event, JsonNode.class);
        if (tree.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        if (tree instanceof ObjectNode root) {
            root.put("apiVersion", "v1");
            root.put("kind", "Event");
        }
        try {
            byte[] json = JsonCodec.shared().mapper().writeValueAsBytes(tree);
            return Optional.of(new EventItem(event.getMetadata().getUid(), latest(event), json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode event " + event.getMetadata().getUid(), e);
        }
    }

    /** The latest time the event was seen: last timestamp, series, event time, first timestamp or creation. */
    public static Instant latest(Event e) {
        return Stream.of(e.getLastTimestamp(),
                        e.getSeries() == null ? null : micro(e.getSeries().getLastObservedTime()),
                        micro(e.getEventTime()),
                        e.getFirstTimestamp(),
                        e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp())
                .map(EventMapper::parse)
                .filter(i -> i != null)
                .max(Instant::compareTo)
                .orElse(null);
    }

    private static String micro(MicroTime t) {
        return t == null ? null : t.getTime();
    }

    private static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
