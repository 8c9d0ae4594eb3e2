package io.kgrca.agent.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.agent.config.AgentTopics;
import io.kgrca.agent.k8s.EventMapper;
import io.kgrca.agent.k8s.ResourceMapper;
import io.kgrca.agent.state.ChangeTracker;
import io.kgrca.agent.state.EventTracker;
import io.kgrca.agent.state.Outgoing;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replays a timeline through the agent's own mapping and change-only decisions, as the leader of one tenant: objects
 * of watched kinds through {@link ResourceMapper} and {@link ChangeTracker} (topology edges included), events
 * through {@link EventMapper} and {@link EventTracker}, with a {@link VirtualClock} that reads each entry's
 * {@code at}. Log lines pass through as Vector sends them ({@code raw.k8s.logs}, keyed {@code <tenant>::log::<pod
 * uid>}). Entries are replayed in time order (stable for equal times). Kinds the agent does not watch are skipped
 * and counted, never fatal. Pure and single-threaded: one replayer per tenant and timeline.
 */
public final class Replayer {

    private static final Duration HANDOVER = Duration.ofMinutes(10);
    private static final Duration EVENT_MAX_AGE = Duration.ofHours(1);

    private final TenantId tenant;
    private final AgentTopics topics;
    private final ResourceMapper mapper;
    private final ObjectDecoder decoder = new ObjectDecoder();
    private final EventMapper eventMapper = new EventMapper();
    private final VirtualClock clock = new VirtualClock(Instant.EPOCH);
    private final ChangeTracker resources;
    private final EventTracker events;
    private final Stats stats = new Stats();

    /**
     * Counts of one replay.
     *
     * <p>{@code objects} and {@code events} entries mapped, {@code logs} lines passed through, {@code skipped}
     * entries of kinds the agent does not watch (or without the identity they need), {@code records} produced.
     */
    public static final class Stats {
        private int objects;
        private int events;
        private int logs;
        private int skipped;
        private int records;

        /** Object entries of watched kinds. */
        public int objects() {
            return objects;
        }

        /** Event entries. */
        public int events() {
            return events;
        }

        /** Log lines. */
        public int logs() {
            return logs;
        }

        /** Entries skipped: unknown kinds, events without uid, logs without pod uid. */
        public int skipped() {
            return skipped;
        }

        /** Records produced. */
        public int records() {
            return records;
        }
    }

    /** A replayer for {@code tenant}; {@code cluster} is stamped into resource records as the agent's config would. */
    public Replayer(TenantId tenant, String cluster) {
        this(tenant, cluster, AgentTopics.defaults());
    }

    /** A replayer publishing to {@code topics} (the agent's {@code TOPIC_*} overrides). */
    public Replayer(TenantId tenant, String cluster, AgentTopics topics) {
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.mapper = new ResourceMapper(cluster);
        this.resources = new ChangeTracker(tenant, clock, HANDOVER);
        this.events = new EventTracker(tenant, clock, EVENT_MAX_AGE);
        resources.startLeading();
        events.startLeading();
    }

    /** Replays {@code entries} (sorted by time first) and returns what would be published, in order. */
    public List<ReplayRecord> replay(List<TimelineEntry> entries) {
        List<TimelineEntry> ordered = new ArrayList<>(entries);
        ordered.sort(Comparator.comparing(TimelineEntry::at));
        List<ReplayRecord> out = new ArrayList<>();
        for (TimelineEntry e : ordered) {
            out.addAll(step(e));
        }
        return out;
    }

    /** Replays one entry at its time (entries must come in time order). */
    public List<ReplayRecord> step(TimelineEntry entry) {
        clock.set(entry.at());
        List<ReplayRecord> out = entry.isLog() ? log(entry) : object(entry);
        stats.records += out.size();
        return out;
    }

    /** The counts so far. */
    public Stats stats() {
        return stats;
    }

    private List<ReplayRecord> object(TimelineEntry entry) {
        var decoded = decoder.decode(entry.object());
        if (decoded.isEmpty()) {
            stats.skipped++;
            return List.of();
        }
        boolean delete = entry.op() == TimelineEntry.Op.DELETE;
        List<Outgoing> sent;
        if (decoded.get() instanceof ObjectDecoder.Decoded.Watched w) {
            stats.objects++;
            sent = delete ? resources.delete(ResourceMapper.refOf(w.object())) : resources.upsert(mapper.map(w.object()));
        } else {
            var event = ((ObjectDecoder.Decoded.CoreEvent) decoded.get()).event();
            var item = eventMapper.map(event);
            if (item.isEmpty()) {
                stats.skipped++;
                return List.of();
            }
            stats.events++;
            if (delete) {
                events.delete(item.get().uid());
                sent = List.of();
            } else {
                sent = events.upsert(item.get());
            }
        }
        return sent.stream().map(o -> ReplayRecord.of(entry.at(), o, topics)).toList();
    }

    private List<ReplayRecord> log(TimelineEntry entry) {
        JsonNode log = entry.log();
        String podUid = log.path("kubernetes").path("pod_uid").asText("");
        if (podUid.isBlank() || !log.hasNonNull("message")) {
            stats.skipped++;
            return List.of();
        }
        stats.logs++;
        String key = KeyCodec.encodeToString(tenant, "log", podUid);
        return List.of(new ReplayRecord(entry.at(), Topics.RAW_K8S_LOGS, key,
                log.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
