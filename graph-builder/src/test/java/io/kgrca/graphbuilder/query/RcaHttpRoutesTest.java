package io.kgrca.graphbuilder.query;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RcaHttpRoutesTest {

    @Test
    void signalIdsArriveUrlDecoded() {
        assertThat(RcaHttpRoutes.query("signal=pod%2Fshop%2Fapi-1%23abc&limit=3"))
                .containsEntry("signal", "pod/shop/api-1#abc").containsEntry("limit", "3");
        assertThat(RcaHttpRoutes.query(null)).isEmpty();
    }

    @Test
    void integerParametersAreBoundedWithAClearMessage() {
        assertThat(RcaHttpRoutes.intParam(Map.of(), "limit", 10, 1, 500)).isEqualTo(10);
        assertThat(RcaHttpRoutes.intParam(Map.of("limit", "7"), "limit", 10, 1, 500)).isEqualTo(7);
        assertThatThrownBy(() -> RcaHttpRoutes.intParam(Map.of("limit", "0"), "limit", 10, 1, 500))
                .hasMessageContaining("limit must be within");
        assertThatThrownBy(() -> RcaHttpRoutes.intParam(Map.of("limit", "x"), "limit", 10, 1, 500))
                .hasMessageContaining("integer");
    }
}
