package io.kgrca.common.http;

import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTokensTest {

    @Test
    void readTokensAreDerivedDeterministicallyPerTenantAndKey() {
        ApiToken op = ApiToken.of("kgop.0123456789abcdef0123456789abcdef");
        ApiToken other = ApiToken.of("kgop.fedcba9876543210fedcba9876543210");

        ApiToken a = ApiTokens.rcaReadToken(op, TenantId.of("af-1"));

        assertThat(a).isEqualTo(ApiTokens.rcaReadToken(op, TenantId.of("af-1")));
        assertThat(a).isNotEqualTo(ApiTokens.rcaReadToken(op, TenantId.of("af-10")));
        assertThat(a).isNotEqualTo(ApiTokens.rcaReadToken(other, TenantId.of("af-1")));
        assertThat(a.reveal()).startsWith("rca.af-1.").hasSize("rca.af-1.".length() + 43);
    }

    @Test
    void theReadKeyDerivesTheSameReadTokensAsTheOperatorTokenAndIsNotTheOperatorToken() {
        ApiToken op = ApiToken.of("kgop.0123456789abcdef0123456789abcdef");
        ApiToken key = ApiTokens.rcaReadKey(op);

        assertThat(ApiTokens.rcaReadTokenFromKey(key, TenantId.of("af-1")))
                .isEqualTo(ApiTokens.rcaReadToken(op, TenantId.of("af-1")));
        assertThat(ApiTokens.rcaReadTokenFromKey(key, TenantId.of("af-2")))
                .isNotEqualTo(ApiTokens.rcaReadToken(op, TenantId.of("af-1")));
        assertThat(key).isNotEqualTo(op);
        assertThat(key.reveal()).startsWith("rcak.").doesNotContain(op.reveal());
        assertThat(ApiTokens.rcaReadKey(ApiToken.of("kgop.fedcba9876543210fedcba9876543210"))).isNotEqualTo(key);
    }

    @Test
    void theClaimedTenantIsReadFromTheTokenShapeOnly() {
        assertThat(ApiTokens.claimedTenant("rca.af-1.xyz")).contains(TenantId.of("af-1"));
        assertThat(ApiTokens.claimedTenant("rca.AF.xyz")).isEmpty();
        assertThat(ApiTokens.claimedTenant("rca.af-1")).isEmpty();
        assertThat(ApiTokens.claimedTenant("kgop.abc")).isEmpty();
        assertThat(ApiTokens.claimedTenant(null)).isEmpty();
    }

    @Test
    void operatorTokensAreRandomAndWellFormed() {
        SecureRandom random = new SecureRandom();
        ApiToken one = ApiTokens.newOperatorToken(random);

        assertThat(one).isNotEqualTo(ApiTokens.newOperatorToken(random));
        assertThat(ApiToken.wellFormed(one.reveal())).isTrue();
        assertThat(one.digestHex()).hasSize(64);
    }

    @Test
    void aBadTokenIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> ApiToken.of("with a space but long enough"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("space");
    }
}
