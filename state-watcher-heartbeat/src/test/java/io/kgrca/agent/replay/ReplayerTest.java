package io.kgrca.agent.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayerTest {

    private static String pod(String ready, int restarts) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"api-1","namespace":"shop","uid":"u-api-1",
                 "labels":{"app":"api"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"api-rs","uid":"u-rs","controller":true}]},
                 "spec":{"nodeName":"n1","containers":[{"name":"api","image":"shop/api:1.2"}]},
                 "status":{"phase":"Running","podIP":"10.0.0.7","conditions":[{"type":"Ready","status":"%s"}],
                  "containerStatuses":[{"name":"api","ready":%s,"restartCount":%d,"image":"shop/api:1.2",
                   "lastState":{"terminated":{"reason":"OOMKilled","exitCode":137}}}]}}
                """.formatted(ready, ready.equals("True"), restarts);
    }

    private static List<TimelineEntry> lines(String jsonl) {
        return TimelineCodec.parseLines(jsonl);
    }

    private static String entry(String at, String op, String object) {
        return "{\"at\":\"" + at + "\",\"op\":\"" + op + "\",\"object\":" + object.replace("\n", "") + "}\n";
    }

    private static JsonNode json(ReplayRecord r) throws Exception {
        return JsonCodec.shared().mapper().readTree(r.value());
    }

    @Test
    void anUpsertThenAChangeThenADeleteBecomeTheAgentsRecordsWithItsEdgesAndTheEntriesTimes() throws Exception {
        Replayer replayer = new Replayer(TenantId.of("acme"), "c1");
        List<ReplayRecord> out = replayer.replay(lines(
                entry("2026-01-01T00:00:10Z", "upsert", pod("False", 1))
                + entry("2026-01-01T00:00:00Z", "upsert", pod("True", 0))
                + entry("2026-01-01T00:00:05Z", "upsert", pod("True", 0))
                + entry("2026-01-01T00:00:20Z", "delete", pod("False", 1))));

        List<String> keys = out.stream().map(r -> r.topic() + " " + (r.isTombstone() ? "DEL " : "") + r.key()).toList();
        assertThat(keys.subList(0, 5)).containsExactly(
                "state.k8s.resource acme::resource::pod/shop/api-1",
                "state.k8s.topology acme::edge::CONTROLS:replicaset/shop/api-rs->pod/shop/api-1",
                "state.k8s.topology acme::edge::RUNS_ON:pod/shop/api-1->node//n1",
                "state.k8s.resource acme::resource::pod/shop/api-1",
                "state.k8s.resource DEL acme::resource::pod/shop/api-1");
        assertThat(keys.subList(5, keys.size())).containsExactlyInAnyOrder(
                "state.k8s.topology DEL acme::edge::CONTROLS:replicaset/shop/api-rs->pod/shop/api-1",
                "state.k8s.topology DEL acme::edge::RUNS_ON:pod/shop/api-1->node//n1");
        assertThat(json(out.get(0)).get("at").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(out.get(3).at()).hasToString("2026-01-01T00:00:10Z");
        assertThat(json(out.get(3)).get("at").asText()).isEqualTo("2026-01-01T00:00:10Z");
        assertThat(json(out.get(3)).toString()).contains("OOMKilled");
        assertThat(replayer.stats().objects()).isEqualTo(4);
    }

    @Test
    void anAggregatedEventUpdateIsSentAgainButAnIdenticalOneIsNot() throws Exception {
        String event = """
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"api-1.17f","namespace":"shop","uid":"ev-1"},
                 "involvedObject":{"kind":"Pod","namespace":"shop","name":"api-1"},"reason":"BackOff","type":"Warning",
                 "message":"Back-off restarting failed container api","count":%d,
                 "firstTimestamp":"2026-01-01T00:00:00Z","lastTimestamp":"%s"}
                """;
        Replayer replayer = new Replayer(TenantId.of("acme"), "c1");
        List<ReplayRecord> out = replayer.replay(lines(
                entry("2026-01-01T00:00:00Z", "upsert", event.formatted(1, "2026-01-01T00:00:00Z"))
                + entry("2026-01-01T00:00:30Z", "upsert", event.formatted(4, "2026-01-01T00:00:30Z"))
                + entry("2026-01-01T00:00:31Z", "upsert", event.formatted(4, "2026-01-01T00:00:30Z"))));

        assertThat(out).extracting(ReplayRecord::key).containsExactly("acme::event::ev-1", "acme::event::ev-1");
        assertThat(out).extracting(ReplayRecord::topic).containsOnly("raw.k8s.events");
        assertThat(json(out.get(1)).get("count").asInt()).isEqualTo(4);
        assertThat(replayer.stats().events()).isEqualTo(3);
    }

    @Test
    void anEventsApiEventIsSentInItsCoreShape() throws Exception {
        String event = """
                {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"n2.1","namespace":"default","uid":"ev-2"},
                 "regarding":{"kind":"Node","name":"n2"},"reason":"NodeNotReady","type":"Normal",
                 "note":"Node n2 status is now: NodeNotReady","eventTime":"2026-01-01T00:01:00.000000Z",
                 "reportingController":"node-controller","reportingInstance":"cp-1","action":"NodeNotReady"}
                """;
        List<ReplayRecord> out = new Replayer(TenantId.of("acme"), "c1").replay(lines(
                entry("2026-01-01T00:01:00Z", "upsert", event)));

        JsonNode sent = json(out.get(0));
        assertThat(sent.get("involvedObject").get("name").asText()).isEqualTo("n2");
        assertThat(sent.get("message").asText()).isEqualTo("Node n2 status is now: NodeNotReady");
        assertThat(sent.get("kind").asText()).isEqualTo("Event");
    }

    @Test
    void aLogLinePassesThroughKeyedByItsPodUidAndUnknownKindsAreSkippedAndCounted() {
        String log = "{\"at\":\"2026-01-01T00:00:01Z\",\"log\":{\"message\":\"ERROR boom\",\"timestamp\":"
                + "\"2026-01-01T00:00:01Z\",\"stream\":\"stderr\",\"kubernetes\":{\"pod_name\":\"api-1\","
                + "\"pod_namespace\":\"shop\",\"pod_uid\":\"u-api-1\",\"container_name\":\"api\"}}}\n";
        String unknown = entry("2026-01-01T00:00:02Z", "upsert",
                "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\",\"namespace\":\"shop\"}}");
        Replayer replayer = new Replayer(TenantId.of("acme"), "c1");
        List<ReplayRecord> out = replayer.replay(lines(log + unknown));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).topic()).isEqualTo("raw.k8s.logs");
        assertThat(out.get(0).key()).isEqualTo("acme::log::u-api-1");
        assertThat(new String(out.get(0).value(), StandardCharsets.UTF_8)).contains("ERROR boom");
        assertThat(replayer.stats().logs()).isEqualTo(1);
        assertThat(replayer.stats().skipped()).isEqualTo(1);
    }

    @Test
    void aTimelineSurvivesWritingAndReadingAsJsonLines() {
        List<TimelineEntry> in = lines(entry("2026-01-01T00:00:00Z", "upsert", pod("True", 0)));
        assertThat(TimelineCodec.parseLines(TimelineCodec.toLines(in))).isEqualTo(in);
    }
}
