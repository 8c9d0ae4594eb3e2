package io.kgrca.controlplane.runtime;

import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Docker runtime's observed-state cache alone: listings, own changes, events, and their ordering. */
class ObservedWorkersTest {

    private static final TenantId A = TenantId.of("a");
    private static final TenantId B = TenantId.of("b");
    private final ObservedWorkers observed = new ObservedWorkers();

    private static WorkerInstance w(String id, TenantId t, boolean running) {
        return new WorkerInstance(id, t, WorkerKind.GRAPH_BUILDER, "h", running, running ? null : 1,
                Instant.EPOCH, null, 20000);
    }

    @Test
    void servesNothingUntilLoadedAndFedByALiveStream() {
        assertThat(observed.of(A)).isEmpty();
        observed.replaceAll(List.of(w("1", A, true)), observed.beginListing());
        assertThat(observed.of(A)).as("no stream yet").isEmpty();
        observed.live(true);
        assertThat(observed.of(A)).hasValueSatisfying(l -> assertThat(l).extracting(WorkerInstance::id)
                .containsExactly("1"));
        assertThat(observed.of(B)).hasValue(List.of());
        observed.live(false);
        assertThat(observed.of(A)).as("stream broken").isEmpty();
    }

    @Test
    void aListingKeepsChangesMadeWhileItRanAndARemovedContainerNeverComesBack() {
        observed.live(true);
        observed.replaceAll(List.of(w("1", A, true), w("2", B, true)), observed.beginListing());

        long listing = observed.beginListing();
        observed.put(w("3", A, true));
        observed.removed("2");
        observed.replaceAll(List.of(w("1", A, true), w("2", B, true)), listing);

        assertThat(observed.of(A).orElseThrow()).extracting(WorkerInstance::id).containsExactlyInAnyOrder("1", "3");
        assertThat(observed.of(B).orElseThrow()).isEmpty();
        observed.observed(w("2", B, false));
        assertThat(observed.of(B).orElseThrow()).as("an inspection that raced with the removal").isEmpty();
        observed.observed(w("1", A, false));
        assertThat(observed.of(A).orElseThrow()).filteredOn(x -> x.id().equals("1")).singleElement()
                .extracting(WorkerInstance::running).isEqualTo(false);
    }

    @Test
    void aTenantWithoutContainersIsPruned() {
        observed.live(true);
        observed.replaceAll(List.of(w("1", A, true)), observed.beginListing());
        observed.removed("1");
        assertThat(observed.tenants()).isZero();
        observed.replaceAll(List.of(), observed.beginListing());
        assertThat(observed.of(A).orElseThrow()).isEmpty();
    }
}
