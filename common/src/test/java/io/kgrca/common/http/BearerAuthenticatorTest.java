package io.kgrca.common.http;

import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BearerAuthenticatorTest {

    private final ApiToken operator = ApiTokens.newOperatorToken(new SecureRandom());
    private final TenantId a = TenantId.of("af-1");
    private final TenantId b = TenantId.of("af-10");
    private final ApiToken readA = ApiTokens.rcaReadToken(operator, a);
    private final ApiToken readB = ApiTokens.rcaReadToken(operator, b);
    private final BearerAuthenticator controlPlane = BearerAuthenticator.forOperator(operator);
    private final BearerAuthenticator graphA = BearerAuthenticator.forTenant(a, operator.digest(), readA);

    private static String bearer(ApiToken t) {
        return "Bearer " + t.reveal();
    }

    @Test
    void theControlPlaneAllowsTheOperatorTokenOnly() {
        assertThat(controlPlane.check(bearer(operator))).satisfies(v -> {
            assertThat(v.allowed()).isTrue();
            assertThat(v.principal()).isEqualTo("operator");
        });
        assertThat(controlPlane.check("bearer   " + operator.reveal() + "  ").allowed()).as("scheme is case-blind")
                .isTrue();
    }

    @Test
    void aGenuineTenantTokenAtTheControlPlaneIsForbiddenAndAForgedOneIsInvalid() {
        assertThat(controlPlane.check(bearer(readA)).outcome()).isEqualTo(AuthVerdict.Outcome.FORBIDDEN);
        String forged = "rca.af-1." + "A".repeat(43);
        assertThat(controlPlane.check("Bearer " + forged).outcome()).isEqualTo(AuthVerdict.Outcome.INVALID);
    }

    @Test
    void missingOrNonBearerCredentialsAreMissingAndMalformedOrUnknownOnesInvalid() {
        assertThat(controlPlane.check(null).outcome()).isEqualTo(AuthVerdict.Outcome.MISSING);
        assertThat(controlPlane.check("  ").outcome()).isEqualTo(AuthVerdict.Outcome.MISSING);
        assertThat(controlPlane.check("Basic dXNlcjpwYXNz").outcome()).isEqualTo(AuthVerdict.Outcome.MISSING);
        assertThat(controlPlane.check("Bearer").outcome()).isEqualTo(AuthVerdict.Outcome.MISSING);
        assertThat(controlPlane.check("Bearer short").outcome()).isEqualTo(AuthVerdict.Outcome.INVALID);
        assertThat(controlPlane.check("Bearer " + "x".repeat(300)).outcome()).isEqualTo(AuthVerdict.Outcome.INVALID);
        assertThat(controlPlane.check("Bearer has spaces in it ok").outcome()).isEqualTo(AuthVerdict.Outcome.INVALID);
        assertThat(controlPlane.check(bearer(ApiTokens.newOperatorToken(new SecureRandom()))).outcome())
                .isEqualTo(AuthVerdict.Outcome.INVALID);
    }

    @Test
    void aGraphBuilderAllowsTheOperatorAndItsTenantAndForbidsAnotherTenantsToken() {
        assertThat(graphA.check(bearer(operator)).principal()).isEqualTo("operator");
        assertThat(graphA.check(bearer(readA)).principal()).isEqualTo("tenant:af-1");
        AuthVerdict other = graphA.check(bearer(readB));
        assertThat(other.outcome()).isEqualTo(AuthVerdict.Outcome.FORBIDDEN);
        assertThat(other.principal()).isEqualTo("tenant:af-10");
        assertThat(graphA.check("Bearer rca.af-1." + "B".repeat(43)).outcome()).as("own tenant, wrong MAC")
                .isEqualTo(AuthVerdict.Outcome.INVALID);
    }

    @Test
    void aGraphBuilderWithoutCredentialsRefusesEverything() {
        BearerAuthenticator none = BearerAuthenticator.forTenant(a, null, null);

        assertThat(none.acceptsAnything()).isFalse();
        assertThat(none.check(bearer(operator)).allowed()).isFalse();
        assertThat(none.check(bearer(readA)).allowed()).isFalse();
    }

    @Test
    void noVerdictEverContainsTheToken() {
        for (ApiToken t : new ApiToken[]{operator, readA, readB}) {
            for (BearerAuthenticator auth : new BearerAuthenticator[]{controlPlane, graphA}) {
                AuthVerdict v = auth.check(bearer(t));
                assertThat(v.toString()).doesNotContain(t.reveal()).doesNotContain(t.reveal().substring(10));
            }
        }
        assertThat(operator.toString()).isEqualTo("[redacted]");
    }
}
