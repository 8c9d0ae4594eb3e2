package io.kgrca.graphbuilder.rca;

import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentGrouperTest {

    private final IncidentGrouper grouper = new IncidentGrouper(TenantId.of("acme"));

    private static CausalLink l(String cause, String effect) {
        return new CausalLink(cause, effect, 0.9, 1, 1, 0.9, 0);
    }

    @Test
    void anUnlinkedAbnormalSignalOpensItsOwnIncident() {
        List<IncidentGrouper.Change> changes = grouper.group(List.of(new IncidentGrouper.Member("a", 10, null)),
                List.of(), List.of());

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.incidentId()).isEqualTo(grouper.idFor("a")).startsWith("inc-").hasSize(20);
            assertThat(c.attach()).containsExactly("a");
            assertThat(c.absorb()).isEmpty();
        });
    }

    @Test
    void linkedSignalsShareOneIncidentAnchoredAtTheEarliest() {
        List<IncidentGrouper.Change> changes = grouper.group(List.of(new IncidentGrouper.Member("b", 20, null),
                new IncidentGrouper.Member("a", 10, null)), List.of(), List.of(l("a", "b")));

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.anchorId()).isEqualTo("a");
            assertThat(c.attach()).containsExactlyInAnyOrder("a", "b");
        });
    }

    @Test
    void anEarlierLateArrivalReKeysTheIncidentAndKeepsTheOldIdAsAnAlias() {
        String old = grouper.idFor("b");
        List<IncidentGrouper.Change> changes = grouper.group(List.of(new IncidentGrouper.Member("b", 20, old),
                new IncidentGrouper.Member("a", 10, null)),
                List.of(new IncidentGrouper.Incident(old, "b", 20, List.of("inc-older"))), List.of(l("a", "b")));

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.incidentId()).isEqualTo(grouper.idFor("a"));
            assertThat(c.absorb()).containsExactly(old);
            assertThat(c.aliases()).containsExactlyInAnyOrder(old, "inc-older");
        });
    }

    @Test
    void aLinkBetweenTwoIncidentsMergesThemIntoTheEarlierOne() {
        String x = grouper.idFor("x");
        String y = grouper.idFor("y");
        List<IncidentGrouper.Change> changes = grouper.group(
                List.of(new IncidentGrouper.Member("x", 5, x), new IncidentGrouper.Member("y", 50, y)),
                List.of(new IncidentGrouper.Incident(x, "x", 5, List.of()),
                        new IncidentGrouper.Incident(y, "y", 50, List.of())), List.of(l("x", "y")));

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.incidentId()).isEqualTo(x);
            assertThat(c.attach()).containsExactly("y");
            assertThat(c.absorb()).containsExactly(y);
        });
    }

    @Test
    void nothingChangesForSignalsAlreadyInTheirIncident() {
        String x = grouper.idFor("x");
        assertThat(grouper.group(List.of(new IncidentGrouper.Member("x", 5, x)),
                List.of(new IncidentGrouper.Incident(x, "x", 5, List.of())), List.of())).isEmpty();
    }

    @Test
    void idsDependOnTheTenantAndTheAnchorOnly() {
        assertThat(grouper.idFor("a")).isEqualTo(new IncidentGrouper(TenantId.of("acme")).idFor("a"))
                .isNotEqualTo(new IncidentGrouper(TenantId.of("other")).idFor("a"))
                .isNotEqualTo(grouper.idFor("b"));
    }
}
