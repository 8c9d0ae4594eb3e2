package io.kgrca.graphbuilder.query;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RcaAccessTest {

    private final TenantId t = TenantId.of("af-1");
    private final ApiToken operator = ApiToken.of("kgop.0123456789abcdef0123456789abcdef");

    @Test
    void theOperatorIsKnownByItsDigestAndTheTenantByItsReadToken() {
        RcaAccess a = RcaAccess.fromEnv(new Env(Map.of("API_TOKEN_SHA256", operator.digestHex(),
                "RCA_READ_TOKEN", ApiTokens.rcaReadToken(operator, t).reveal())), t);

        assertThat(a.auth().check("Bearer " + operator.reveal()).allowed()).isTrue();
        assertThat(a.auth().check("Bearer " + ApiTokens.rcaReadToken(operator, t).reveal()).allowed()).isTrue();
        assertThat(a.port()).isEqualTo(-1);
    }

    @Test
    void withoutAnyTokenNothingIsAccepted() {
        assertThat(RcaAccess.fromEnv(new Env(Map.of()), t).auth().acceptsAnything()).isFalse();
    }

    @Test
    void badSettingsNameTheirVariable() {
        assertThatThrownBy(() -> RcaAccess.fromEnv(new Env(Map.of("API_TOKEN_SHA256", "abc")), t))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("API_TOKEN_SHA256:");
        assertThatThrownBy(() -> RcaAccess.fromEnv(new Env(Map.of("RCA_READ_TOKEN", "hunter2 hunter2 x")), t))
                .hasMessageStartingWith("RCA_READ_TOKEN:").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RcaAccess.fromEnv(new Env(Map.of("RCA_PORT", "9500", "RCA_BIND_ADDRESS", "0.0.0.0")),
                t)).hasMessageStartingWith("RCA_BIND_ADDRESS:");
    }
}
