package io.kgrca.agent.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSeries;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kgrca.agent.k8s.ResourceMapper;

import java.util.Optional;

/**
 * Turns an object's JSON into what the agent's informers would hand over: a fabric8 model object of a watched kind
 * ({@link Decoded.Watched}), a core/v1 {@link Event} ({@link Decoded.CoreEvent}; an {@code events.k8s.io/v1} Event is
 * converted, as the API server serves the same event in both groups), or nothing for a kind the agent does not
 * watch. Pure.
 */
public final class ObjectDecoder {

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** What an object decodes to. */
    public sealed interface Decoded {
        /** A watched kind. @param object the object */
        record Watched(HasMetadata object) implements Decoded {
        }

        /** A core/v1 event. @param event the event */
        record CoreEvent(Event event) implements Decoded {
        }
    }

    /** The decoded object, or empty for a kind the agent does not watch (or JSON that is not an object). */
    public Optional<Decoded> decode(JsonNode json) {
        KubernetesResource resource;
        try {
            resource = serialization.unmarshal(json.toString());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (resource instanceof Event e) {
            return Optional.of(new Decoded.CoreEvent(e));
        }
        // qualified: events/v1 beside the imported core Event
        if (resource instanceof io.fabric8.kubernetes.api.model.events.v1.Event e) {
            return Optional.of(new Decoded.CoreEvent(toCore(e)));
        }
        if (resource instanceof HasMetadata object && object.getMetadata() != null) {
            try {
                ResourceMapper.kindOf(object);
                return Optional.of(new Decoded.Watched(object));
            } catch (IllegalArgumentException notWatched) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The core/v1 view of an events.k8s.io/v1 event (the API server's own field mapping). */
    // qualified: events/v1 beside the imported core Event
    static Event toCore(io.fabric8.kubernetes.api.model.events.v1.Event e) {
        Event c = new Event();
        c.setApiVersion("v1");
        c.setKind("Event");
        c.setMetadata(e.getMetadata());
        c.setInvolvedObject(e.getRegarding());
        c.setRelated(e.getRelated());
        c.setReason(e.getReason());
        c.setMessage(e.getNote());
        c.setType(e.getType());
        c.setAction(e.getAction());
        c.setEventTime(e.getEventTime());
        c.setCount(e.getDeprecatedCount());
        c.setFirstTimestamp(e.getDeprecatedFirstTimestamp());
        c.setLastTimestamp(e.getDeprecatedLastTimestamp());
        c.setReportingComponent(e.getReportingController());
        c.setReportingInstance(e.getReportingInstance());
        if (e.getDeprecatedSource() != null) {
            c.setSource(new EventSource(e.getDeprecatedSource().getComponent(), e.getDeprecatedSource().getHost()));
        }
        if (e.getSeries() != null) {
            c.setSeries(new EventSeries(e.getSeries().getCount(), e.getSeries().getLastObservedTime()));
        }
        return c;
    }
}
