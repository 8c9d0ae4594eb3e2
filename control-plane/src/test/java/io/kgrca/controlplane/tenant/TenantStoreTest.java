package io.kgrca.controlplane.tenant;

import io.kgrca.common.model.Registration;
import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TenantStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final TenantStore store = new TenantStore();

    @Test
    void onlyARegistrationCreatesAnEntry() {
        TenantId ghost = TenantId.of("ghost");

        assertThat(store.updateExisting(ghost, t -> t.heartbeat(T0, null))).isEmpty();
        assertThat(store.updateExisting(ghost, TenantRecord::deregister)).isEmpty();

        assertThat(store.all()).isEmpty();
        assertThat(store.knows(ghost)).isFalse();
    }

    @Test
    void forgettingIsSkippedWhenTheTenantCameBackMeanwhile() {
        TenantId id = TenantId.of("af-1");
        store.update(id, t -> t.register(new Registration("af-1", null, "1", null, null), T0));

        assertThat(store.forgetIf(id, r -> false)).isFalse();
        assertThat(store.get(id)).isPresent();
        assertThat(store.forgetIf(id, r -> true)).isTrue();
        assertThat(store.get(id)).isEmpty();
        assertThat(store.dormantCount()).isEqualTo(1);

        store.forget(id);
        assertThat(store.knows(id)).isFalse();
    }
}
