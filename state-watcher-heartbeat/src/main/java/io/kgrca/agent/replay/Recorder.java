package io.kgrca.agent.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kgrca.agent.k8s.WatchSink;
import io.kgrca.common.json.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sink of the agent's {@code record} command: every notification the informers deliver becomes one timeline
 * entry ({@code docs/timeline-format.md}) stamped with the clock's time, the object {@linkplain Redaction redacted}.
 * Objects and events are written whole, as the API server served them, so a replay maps them with the agent's code
 * of that day. Safe to call from several informer threads: entries are stamped and written under one lock, so the
 * file is in time order. Counts what it wrote.
 */
public final class Recorder implements WatchSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final Writer out;
    private final Clock clock;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Set<String> notWatched = ConcurrentHashMap.newKeySet();
    private int objects;
    private int events;
    private IOException failure;

    /** A recorder writing JSON Lines to {@code out} (closed with the recorder). */
    public Recorder(Writer out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void objectChanged(HasMetadata object) {
        write(TimelineEntry.Op.UPSERT, object, false);
    }

    @Override
    public void objectDeleted(HasMetadata object) {
        write(TimelineEntry.Op.DELETE, object, false);
    }

    @Override
    public void eventChanged(Event event) {
        write(TimelineEntry.Op.UPSERT, event, true);
    }

    @Override
    public void eventDeleted(Event event) {
        write(TimelineEntry.Op.DELETE, event, true);
    }

    @Override
    public void kindForbidden(String kind) {
        notWatched.add(kind + " (forbidden)");
    }

    @Override
    public void kindUnserved(String kind) {
        notWatched.add(kind + " (not served)");
    }

    /** Object entries written so far. */
    public synchronized int objects() {
        return objects;
    }

    /** Event entries written so far. */
    public synchronized int events() {
        return events;
    }

    /** The kinds that could not be recorded, with why. */
    public Set<String> notWatched() {
        return Set.copyOf(notWatched);
    }

    /** The first write failure, or null: a recording that failed to write is incomplete. */
    public synchronized IOException failure() {
        return failure;
    }

    private void write(TimelineEntry.Op op, HasMetadata object, boolean event) {
        ObjectNode json;
        try {
            JsonNode tree = serialization.convertValue(object, JsonNode.class);
            if (!(tree instanceof ObjectNode o)) {
                return;
            }
            json = Redaction.redact(o);
        } catch (RuntimeException e) {
            LOG.warn("tenant=record cannot serialize {}: {}", object.getClass().getSimpleName(), e.toString());
            return;
        }
        synchronized (this) {
            if (failure != null) {
                return;
            }
            TimelineEntry entry = TimelineEntry.object(clock.instant(), op, json);
            try {
                out.write(JsonCodec.shared().mapper().writeValueAsString(TimelineCodec.toJson(entry)));
                out.write('\n');
                if (event) {
                    events++;
                } else {
                    objects++;
                }
            } catch (IOException e) {
                failure = e;
                LOG.error("tenant=record cannot write the timeline: {}", e.toString());
            }
        }
    }

    /** Flushes what was written. */
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes and closes the file. */
    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
