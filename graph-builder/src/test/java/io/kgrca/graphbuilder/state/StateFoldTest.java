package io.kgrca.graphbuilder.state;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.model.ResourceRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results must not depend on how records are batched: the same sequence split into batches in every way gives the
 * same signals. Between batches the snapshots go through their stored form, as the writer stores them (the state of
 * the batch's last record of each resource unless it is older than the stored one, the fold's open conditions,
 * everything as JSON text), and signals merge as the write statement merges them.
 */
class StateFoldTest {

    /** What the graph holds: resource properties and signals. */
    private static final class Store {
        private final Map<String, Map<String, Object>> resources = new HashMap<>();
        private final Map<String, DerivedSignal> signals = new TreeMap<>();

        Map<String, Snapshot> read(List<StateFold.Change> batch) {
            Map<String, Snapshot> out = new HashMap<>();
            for (StateFold.Change c : batch) {
                Map<String, Object> n = resources.get(c.id());
                if (n != null) {
                    out.put(c.id(), Snapshot.fromStored((String) n.get("kind"), (String) n.get("uid"),
                            (String) n.get("image"), (Long) n.get("replicas"), (String) n.get("status"),
                            (String) n.get("spec"), (Long) n.get("updated_at"), (String) n.get("conditions")));
                }
            }
            return out;
        }

        void write(List<StateFold.Change> batch, StateFold.Outcome outcome) {
            Map<String, ResourceRecord> last = new LinkedHashMap<>();
            batch.forEach(c -> last.put(c.id(), c.record()));
            last.forEach((id, r) -> {
                Map<String, Object> n = resources.computeIfAbsent(id, k -> new HashMap<>());
                n.put("conditions", outcome.conditions().get(id));
                Long stored = (Long) n.get("updated_at");
                if (r != null && (stored == null || r.at().toEpochMilli() >= stored)) {
                    n.put("kind", r.ref().kind());
                    n.put("uid", r.uid());
                    n.put("image", r.image());
                    n.put("replicas", r.replicas() == null ? null : r.replicas().longValue());
                    n.put("status", r.status().isEmpty() ? null : JsonCodec.shared().encodeToString(r.status()));
                    n.put("spec", r.spec().isEmpty() ? null : JsonCodec.shared().encodeToString(r.spec()));
                    n.put("updated_at", r.at().toEpochMilli());
                }
            });
            outcome.signals().forEach(s -> signals.merge(s.id(), s, DerivedSignal::merge));
        }

        Map<String, Map<String, Object>> rows() {
            Map<String, Map<String, Object>> out = new TreeMap<>();
            signals.forEach((id, s) -> out.put(id, s.row(Map.of())));
            return out;
        }
    }

    private static List<StateFold.Change> sequence() {
        String created = Instant.parse("2025-06-01T09:59:00Z").toString();
        List<ResourceRecord> r = new ArrayList<>();
        r.add(Rec.pod("api").container("api", "running", null, null, 3, null).status("ready", true).at(0));
        r.add(Rec.node("n1").status("ready", true).at(1));
        r.add(Rec.of("Deployment", "shop", "api").image("shop/api:1.4").replicas(2).status("ready_replicas", 2).at(2));
        r.add(Rec.of("ReplicaSet", "shop", "api-2").image("shop/api:1.5").spec("created_at", created).at(3));
        r.add(Rec.of("Deployment", "shop", "api").image("shop/api:1.5").replicas(2).status("ready_replicas", 1).at(4));
        r.add(Rec.pod("api").container("api", "terminated", "OOMKilled", 137, 3, null).status("ready", false).at(5));
        r.add(Rec.node("n1").status("ready", false).at(6));
        r.add(Rec.pod("api").container("api", "waiting", "CrashLoopBackOff", null, 4, "OOMKilled")
                .status("ready", false).at(7));
        r.add(Rec.of("EndpointSlice", "shop", "api-x").spec("service", "api").status("ready", 0)
                .status("not_ready", 1).at(8));
        r.add(Rec.node("n1").status("ready", false).at(9));
        r.add(Rec.node("n1").status("ready", false).at(7));
        r.add(Rec.pod("api").container("api", "running", null, null, 5, "OOMKilled").status("ready", true).at(10));
        r.add(Rec.node("n1").status("ready", true).at(11));
        r.add(Rec.of("Deployment", "shop", "api").image("shop/api:1.5").replicas(2).status("ready_replicas", 2).at(12));
        r.add(Rec.pod("api").container("api", "running", null, null, 5, "OOMKilled").status("ready", true).at(10));
        r.add(Rec.node("n1").status("ready", false).at(20));
        return r.stream().map(StateFold.Change::upsert).toList();
    }

    private static Map<String, Map<String, Object>> inBatches(List<StateFold.Change> all, List<Integer> cuts) {
        Store store = new Store();
        int from = 0;
        List<Integer> ends = new ArrayList<>(cuts);
        ends.add(all.size());
        for (int end : ends) {
            List<StateFold.Change> batch = all.subList(from, end);
            store.write(batch, StateFold.fold(store.read(batch), batch));
            from = end;
        }
        return store.rows();
    }

    @Test
    void theSameRecordsSplitIntoBatchesInAnyWayGiveTheSameSignals() {
        List<StateFold.Change> all = sequence();
        Map<String, Map<String, Object>> once = inBatches(all, List.of());
        assertThat(once).hasSizeGreaterThanOrEqualTo(8);
        for (int i = 1; i < all.size(); i++) {
            assertThat(inBatches(all, List.of(i))).as("split at %d", i).isEqualTo(once);
            for (int j = i + 1; j < all.size(); j++) {
                assertThat(inBatches(all, List.of(i, j))).as("split at %d and %d", i, j).isEqualTo(once);
            }
        }
        List<Integer> single = new ArrayList<>();
        for (int i = 1; i < all.size(); i++) {
            single.add(i);
        }
        assertThat(inBatches(all, single)).as("one record per batch").isEqualTo(once);
    }

    @Test
    void replayingTheSameRecordsChangesNoSignal() {
        List<StateFold.Change> all = sequence();
        Store store = new Store();
        store.write(all, StateFold.fold(store.read(all), all));
        Map<String, Map<String, Object>> before = store.rows();
        StateFold.Outcome replay = StateFold.fold(store.read(all), all);
        assertThat(replay.signals()).isEmpty();
        store.write(all, replay);
        assertThat(store.rows()).isEqualTo(before);
    }

    @Test
    void theEpisodesOfTheSequenceAreOneSignalEach() {
        Map<String, Map<String, Object>> rows = inBatches(sequence(), List.of(3, 9));
        List<String> notReady = rows.keySet().stream().filter(id -> id.startsWith("node//n1#state:NODE_NOT_READY"))
                .toList();
        assertThat(notReady).hasSize(2);
        Map<String, Object> first = rows.get(notReady.get(0));
        assertThat(first.get("count")).isEqualTo(2L);
        assertThat(first.get("open")).isEqualTo(false);
        assertThat(rows.keySet()).anyMatch(id -> id.startsWith("service/shop/api#state:ENDPOINTS_NOT_READY@"))
                .anyMatch(id -> id.startsWith("deployment/shop/api#change:CHANGE_ROLLOUT@"))
                .anyMatch(id -> id.startsWith("replicaset/shop/api-2#change:CHANGE_ROLLOUT@"))
                .anyMatch(id -> id.startsWith("pod/shop/api#state:OOM_KILLED@"))
                .anyMatch(id -> id.startsWith("pod/shop/api#state:READINESS_FAILED@"))
                .anyMatch(id -> id.startsWith("deployment/shop/api#state:ROLLOUT_STUCK@"));
    }
}
