package io.kgrca.common.placement;

import io.kgrca.common.json.JsonCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a cluster.placement record means, and how the view applies it. */
class PlacementDecoderTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aPlacementRecordDecodesToItsPlacement() {
        Placement p = Placement.initial("af-1", PlacementMode.SHARED, NOW).moveTo(PlacementMode.DEDICATED,
                NOW.plusSeconds(30), NOW);

        PlacementDecoder.Decoded d = PlacementDecoder.decode(bytes("af-1"), JsonCodec.shared().encode(p));

        assertThat(d.invalid()).isFalse();
        assertThat(d.placement()).isEqualTo(p);
    }

    @Test
    void aTombstoneRemovesAndBadRecordsAreInvalidByReason() {
        assertThat(PlacementDecoder.decode(bytes("af-1"), null).tombstone()).isTrue();
        assertThat(PlacementDecoder.decode(null, bytes("{}")).reason()).isEqualTo("no-key");
        assertThat(PlacementDecoder.decode(bytes("AF/1"), null).reason()).isEqualTo("invalid-key");
        assertThat(PlacementDecoder.decode(bytes("af-1"), bytes("{")).reason()).isEqualTo("malformed");
        assertThat(PlacementDecoder.decode(bytes("af-1"), bytes("{\"tenant\":\"af-1\"}")).reason())
                .as("required fields missing").isEqualTo("malformed");
        assertThat(PlacementDecoder.decode(bytes("af-1"), bytes("{\"tenant\":\"af-1\",\"placement\":\"pooled\","
                + "\"since\":\"1970-01-01T00:00:00Z\"}")).reason()).isEqualTo("malformed");
        PlacementDecoder.Decoded mismatch = PlacementDecoder.decode(bytes("af-1"),
                JsonCodec.shared().encode(Placement.initial("af-2", PlacementMode.SHARED, NOW)));
        assertThat(mismatch.reason()).isEqualTo("key-mismatch");
        assertThat(mismatch.detail()).contains("af-2");
    }

    @Test
    void theViewTellsListenersOfChangesOnlyAndRemembersTombstones() {
        PlacementView view = new PlacementView();
        List<String> heard = new ArrayList<>();
        view.addListener((tenant, p) -> heard.add(tenant + "=" + (p == null ? "none" : p.mode().wire())));
        Placement p = Placement.initial("a", PlacementMode.SHARED, NOW);

        view.put(p);
        view.put(p);
        long v = view.version();
        view.remove("a");

        assertThat(heard).containsExactly("a=shared", "a=none");
        assertThat(view.version()).isGreaterThan(v);
        assertThat(view.get("a")).isEmpty();
        assertThat(view.removed("a")).isTrue();
        view.put(p);
        assertThat(view.removed("a")).isFalse();
        assertThat(view.caughtUp()).isFalse();
        view.markCaughtUp();
        assertThat(view.caughtUp()).isTrue();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
