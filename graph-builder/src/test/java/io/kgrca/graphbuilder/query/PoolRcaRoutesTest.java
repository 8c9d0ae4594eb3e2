package io.kgrca.graphbuilder.query;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import io.kgrca.common.http.AuthVerdict;
import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolRcaRoutesTest {

    private final ApiToken operator = ApiToken.of("kgop.0123456789abcdef0123456789abcdef");
    private final TenantId a = TenantId.of("af-1");
    private final TenantId b = TenantId.of("af-2");

    @Test
    void theTenantIsReadFromTheRcaPathOnly() {
        assertThat(PoolRcaRoutes.tenantOf("/tenants/af-1/rca/incidents")).contains(a);
        assertThat(PoolRcaRoutes.tenantOf("/tenants/af-1/rca")).contains(a);
        assertThat(PoolRcaRoutes.tenantOf("/tenants/af-1/other")).isEmpty();
        assertThat(PoolRcaRoutes.tenantOf("/tenants/AF/rca/incidents")).isEmpty();
        assertThat(PoolRcaRoutes.tenantOf("/tenants/af-1")).isEmpty();
        assertThat(PoolRcaRoutes.tenantOf("/rca/incidents")).isEmpty();
    }

    @Test
    void withTheReadKeyEachTenantsOwnTokenIsAllowedOnItsOwnApiOnly() {
        PoolRcaRoutes routes = PoolRcaRoutes.fromEnv(new Env(Map.of("RCA_READ_KEY",
                ApiTokens.rcaReadKey(operator).reveal(), "API_TOKEN_SHA256", operator.digestHex())),
                t -> Optional.empty());
        String tokenA = "Bearer " + ApiTokens.rcaReadToken(operator, a).reveal();

        assertThat(routes.authenticator(a).check(tokenA).allowed()).isTrue();
        assertThat(routes.authenticator(b).check(tokenA).outcome()).isEqualTo(AuthVerdict.Outcome.FORBIDDEN);
        assertThat(routes.authenticator(b).check("Bearer " + operator.reveal()).allowed()).isTrue();
        assertThat(routes.authenticator(a).check("Bearer rca.af-1.not-the-genuine-tag").allowed()).isFalse();
    }

    @Test
    void withoutTheReadKeyOnlyTheOperatorTokenIsAllowed() {
        PoolRcaRoutes routes = PoolRcaRoutes.fromEnv(new Env(Map.of("API_TOKEN_SHA256", operator.digestHex())),
                t -> Optional.empty());

        assertThat(routes.authenticator(a).check("Bearer " + ApiTokens.rcaReadToken(operator, a).reveal())
                .allowed()).isFalse();
        assertThat(routes.authenticator(a).check("Bearer " + operator.reveal()).allowed()).isTrue();
        assertThat(PoolRcaRoutes.fromEnv(new Env(Map.of()), t -> Optional.empty()).acceptsAnything()).isFalse();
    }

    @Test
    void aValueThatIsNotAReadKeyIsRefusedNamingTheVariableWithoutShowingIt() {
        assertThatThrownBy(() -> PoolRcaRoutes.fromEnv(new Env(Map.of("RCA_READ_KEY", operator.reveal())),
                t -> Optional.empty())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("RCA_READ_KEY").hasMessageNotContaining(operator.reveal());
    }
}
