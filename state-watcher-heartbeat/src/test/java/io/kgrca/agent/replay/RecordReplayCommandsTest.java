package io.kgrca.agent.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pure parts of {@code record} and {@code replay}: options, pacing, redaction, and the recorder's file. */
class RecordReplayCommandsTest {

    private static final String PASSWORD = "s3cr3t-hunter2";

    @Test
    void replayOptionsParseEveryFormAndRefuseWhatIsWrong() {
        ReplayOptions o = ReplayOptions.parse(new String[]{"t.jsonl", "--tenant", "acme", "--speed", "10", "--cluster", "prod"});
        assertThat(o).isEqualTo(new ReplayOptions(Path.of("t.jsonl"), TenantId.of("acme"), 10, "prod", true));
        ReplayOptions max = ReplayOptions.parse(new String[]{"--tenant", "acme", "t.jsonl", "--speed", "max", "--no-register"});
        assertThat(max.speed()).isZero();
        assertThat(max.cluster()).isEqualTo("acme");
        assertThat(max.register()).isFalse();
        assertThat(ReplayOptions.parse(new String[]{"t.jsonl", "--tenant", "acme"}).speed()).isEqualTo(1);

        assertThatThrownBy(() -> ReplayOptions.parse(new String[]{"--tenant", "acme"})).hasMessageContaining("FILE");
        assertThatThrownBy(() -> ReplayOptions.parse(new String[]{"t.jsonl"})).hasMessageContaining("--tenant");
        assertThatThrownBy(() -> ReplayOptions.parse(new String[]{"t.jsonl", "--tenant", "Bad_Id"}))
                .hasMessageContaining("--tenant");
        assertThatThrownBy(() -> ReplayOptions.parse(new String[]{"t.jsonl", "--tenant", "acme", "--speed", "0"}))
                .hasMessageContaining("--speed");
        assertThatThrownBy(() -> ReplayOptions.parse(new String[]{"t.jsonl", "--tenant", "acme", "--speed", "NaN"}))
                .hasMessageContaining("--speed");
        assertThatThrownBy(() -> ReplayOptions.parse(new String[]{"t.jsonl", "--tenant"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ReplayOptions.parse(new String[]{"a", "b", "--tenant", "x"})).hasMessageContaining("unexpected");
    }

    @Test
    void thePacerKeepsTheRecordedGapsDividedByTheSpeed() {
        Instant first = Instant.parse("2026-01-05T10:00:00Z");
        Instant wall = Instant.parse("2026-12-07T02:00:00Z");
        Pacer real = new Pacer(first, wall, 1);
        assertThat(real.due(first)).isEqualTo(wall);
        assertThat(real.due(first.plusSeconds(90))).isEqualTo(wall.plusSeconds(90));
        assertThat(new Pacer(first, wall, 10).due(first.plusSeconds(90))).isEqualTo(wall.plusSeconds(9));
        assertThat(new Pacer(first, wall, 0).due(first.plusSeconds(3600))).isEqualTo(wall);
        assertThat(real.due(first.minusSeconds(5))).as("an entry before the first is due at once").isEqualTo(wall);
    }

    @Test
    void redactionHashesSecretAndConfigMapValuesAndDropsTheLastAppliedManifest() {
        ObjectNode secret = JsonCodec.shared().mapper().valueToTree(Map.of("apiVersion", "v1", "kind", "Secret",
                "metadata", Map.of("name", "db", "namespace", "shop", "annotations",
                        Map.of(Redaction.LAST_APPLIED, "{\"data\":{\"password\":\"" + PASSWORD + "\"}}", "team", "db")),
                "data", Map.of("password", PASSWORD), "stringData", Map.of("user", PASSWORD)));
        ObjectNode red = Redaction.redact(secret);
        assertThat(red.toString()).doesNotContain(PASSWORD);
        assertThat(red.path("data").path("password").asText()).startsWith("sha256:").hasSize(71);
        assertThat(red.path("metadata").path("annotations").path("team").asText()).isEqualTo("db");
        assertThat(secret.toString()).as("the input is not changed").contains(PASSWORD);
        assertThat(Redaction.redact(red)).as("idempotent").isEqualTo(red);
        ObjectNode other = secret.deepCopy();
        ((ObjectNode) other.get("data")).put("password", PASSWORD + "!");
        assertThat(Redaction.redact(other).path("data")).as("a changed value still reads as changed")
                .isNotEqualTo(red.path("data"));
    }

    @Test
    void theRecordersFileReplaysToWhatTheAgentWouldHaveSentAndHoldsNoSecretValue() {
        StringWriter file = new StringWriter();
        Instant t0 = Instant.parse("2026-01-05T10:00:00Z");
        VirtualClock clock = new VirtualClock(t0);
        Recorder recorder = new Recorder(file, clock);
        Pod pod = new PodBuilder().withNewMetadata().withName("api-1").withNamespace("shop").withUid("u-api-1")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build()).endMetadata()
                .withNewSpec().withNodeName("n1").addNewContainer().withName("api").withImage("shop/api:1").endContainer()
                .endSpec().withNewStatus().withPhase("Running").endStatus().build();
        recorder.objectChanged(pod);
        recorder.objectChanged(new SecretBuilder().withNewMetadata().withName("db").withNamespace("shop").withUid("u-db")
                .endMetadata().withData(Map.of("password", PASSWORD)).build());
        recorder.objectChanged(new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace("shop")
                .withUid("u-cfg").endMetadata().withData(Map.of("url", PASSWORD)).build());
        clock.set(t0.plusSeconds(30));
        recorder.eventChanged(new EventBuilder().withNewMetadata().withName("api-1.1").withNamespace("shop")
                .withUid("u-ev").endMetadata().withNewInvolvedObject().withKind("Pod").withName("api-1")
                .withNamespace("shop").withUid("u-api-1").endInvolvedObject().withReason("BackOff").withType("Warning")
                .withMessage("Back-off restarting failed container").withCount(3)
                .withLastTimestamp("2026-01-05T10:00:30Z").build());
        clock.set(t0.plusSeconds(60));
        recorder.objectDeleted(pod);
        recorder.close();

        String text = file.toString();
        assertThat(text).doesNotContain(PASSWORD).doesNotContain("managedFields");
        assertThat(recorder.objects()).isEqualTo(4);
        assertThat(recorder.events()).isEqualTo(1);
        List<TimelineEntry> entries = TimelineCodec.parseLines(text);
        assertThat(entries).extracting(TimelineEntry::at)
                .containsExactly(t0, t0, t0, t0.plusSeconds(30), t0.plusSeconds(60));
        assertThat(entries.get(4).op()).isEqualTo(TimelineEntry.Op.DELETE);

        Replayer replayer = new Replayer(TenantId.of("acme"), "c1");
        List<ReplayRecord> out = replayer.replay(entries);
        assertThat(replayer.stats().skipped()).isZero();
        assertThat(out).extracting(ReplayRecord::key).contains("acme::resource::pod/shop/api-1",
                "acme::resource::secret/shop/db", "acme::resource::configmap/shop/cfg");
        assertThat(out.stream().filter(r -> r.key().startsWith("acme::event::"))).hasSize(1);
        assertThat(out.get(out.size() - 1).isTombstone()).as("the delete ends in tombstones").isTrue();
        JsonNode event = json(out.stream().filter(r -> r.key().startsWith("acme::event::")).findFirst().orElseThrow());
        assertThat(event.toString()).contains("BackOff");
    }

    private static JsonNode json(ReplayRecord r) {
        try {
            return JsonCodec.shared().mapper().readTree(r.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
