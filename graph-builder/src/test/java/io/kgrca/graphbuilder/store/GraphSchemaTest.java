package io.kgrca.graphbuilder.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GraphSchemaTest {

    @Test
    void statementsKeepTheirTextAndEveryRuleIsNamedInItsStatement() {
        assertThat(GraphSchema.statements()).startsWith(
                "CREATE CONSTRAINT kg_resource_key IF NOT EXISTS FOR (n:Resource) REQUIRE (n.tenant, n.id) IS UNIQUE");
        assertThat(GraphSchema.statements()).contains(
                "CREATE CONSTRAINT kg_depends_on_key IF NOT EXISTS FOR ()-[r:DEPENDS_ON]-() REQUIRE (r.tenant, r.id) IS UNIQUE",
                "CREATE INDEX kg_signal_window IF NOT EXISTS FOR (n:Signal) ON (n.tenant, n.resource_id, n.last_seen)");
        assertThat(GraphSchema.statements()).hasSize(GraphSchema.KEYED_LABELS.size()
                + GraphSchema.KEYED_TYPES.size() + 5);
        for (GraphSchema.Rule rule : GraphSchema.all()) {
            assertThat(rule.name()).startsWith(GraphSchema.PREFIX);
            assertThat(rule.statement()).contains(" " + rule.name() + " IF NOT EXISTS ");
        }
        assertThat(GraphSchema.all().stream().map(GraphSchema.Rule::name).distinct()).hasSize(GraphSchema.all().size());
    }

    @Test
    void missingIsEverythingOnAnEmptyDatabaseNothingOnASetUpOneAndTheGapInOrderOtherwise() {
        List<String> names = GraphSchema.all().stream().map(GraphSchema.Rule::name).toList();
        assertThat(GraphSchema.missing(List.of())).isEqualTo(GraphSchema.all());
        assertThat(GraphSchema.missing(names)).isEmpty();
        List<String> someGone = names.stream()
                .filter(n -> !n.equals("kg_signal_key") && !n.equals("kg_signal_recent")).toList();
        assertThat(GraphSchema.missing(someGone)).extracting(GraphSchema.Rule::name)
                .containsExactly("kg_signal_key", "kg_signal_recent");
        // Foreign indexes do not count.
        assertThat(GraphSchema.missing(List.of("kg_other", "resource_name"))).hasSize(names.size());
    }
}
