package io.kgrca.controlplane.admission;

import io.kgrca.common.model.TenantProvision;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTest {

    private static final TenantProvision ACTIVE = new TenantProvision("af-1", Instant.EPOCH, "active");
    private static final TenantProvision PAUSED = new TenantProvision("af-1", Instant.EPOCH, "paused");
    private final Admission provisioned = new Admission(false, 2);
    private final Admission open = new Admission(true, 2);

    @Test
    void provisionedModeAdmitsOnlyActiveProvisionedTenants() {
        assertThat(provisioned.decide(null, false, 0)).isEqualTo(Admission.NOT_PROVISIONED);
        assertThat(provisioned.decide(PAUSED, false, 0)).isEqualTo(Admission.PAUSED);
        assertThat(provisioned.decide(ACTIVE, false, 0).accepted()).isTrue();
        assertThat(Admission.NOT_PROVISIONED.reason()).isEqualTo("tenant not provisioned");
    }

    @Test
    void openModeAdmitsAnyIdButAPausedOne() {
        assertThat(open.decide(null, false, 0).accepted()).isTrue();
        assertThat(open.decide(PAUSED, false, 0)).isEqualTo(Admission.PAUSED);
    }

    @Test
    void beyondTheLimitNewTenantsAreRefusedButRegisteredOnesMayRegisterAgain() {
        assertThat(open.decide(null, false, 2)).isEqualTo(Admission.LIMIT);
        assertThat(provisioned.decide(ACTIVE, false, 2).reason()).isEqualTo("tenant limit reached");
        assertThat(open.decide(null, true, 2).accepted()).isTrue();
        assertThat(provisioned.decide(ACTIVE, true, 5).accepted()).isTrue();
    }
}
