package io.kgrca.common.model;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.placement.PlacementMode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The optional placement of a provision: absent on the wire means the control plane's default. */
class TenantProvisionTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aProvisionWithoutPlacementKeepsItsFormerWireFormAndReadsBackWithNone() throws Exception {
        String json = JsonCodec.shared().encodeToString(new TenantProvision("af-1", T0, TenantProvision.ACTIVE));
        assertThat(json).doesNotContain("placement");
        assertThat(JsonCodec.shared().decode(json.getBytes(StandardCharsets.UTF_8), TenantProvision.class).placement())
                .isNull();
    }

    @Test
    void aChosenPlacementRoundTripsAndAnUnknownOneIsRefused() throws Exception {
        TenantProvision p = new TenantProvision("af-1", T0, TenantProvision.PAUSED, PlacementMode.DEDICATED);
        String json = JsonCodec.shared().encodeToString(p);
        assertThat(json).contains("\"placement\":\"dedicated\"");
        assertThat(JsonCodec.shared().decode(json.getBytes(StandardCharsets.UTF_8), TenantProvision.class))
                .isEqualTo(p);
        assertThatThrownBy(() -> JsonCodec.shared().decode(("{\"tenant\":\"af-1\",\"state\":\"active\","
                + "\"placement\":\"elsewhere\"}").getBytes(StandardCharsets.UTF_8), TenantProvision.class))
                .isInstanceOf(Exception.class);
    }
}
