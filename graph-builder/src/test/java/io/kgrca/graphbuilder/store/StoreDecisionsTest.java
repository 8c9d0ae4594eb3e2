package io.kgrca.graphbuilder.store;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.model.EdgeType;
import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreDecisionsTest {

    private static final TenantId T = TenantId.of("acme-1");

    @Test
    void communityServersShareOneDatabaseScopedByTenant() {
        TenancyDecision d = TenancyDecision.decide(TenancySetting.AUTO, "community", T, "neo4j", "kg-");

        assertThat(d.mode()).isEqualTo(TenancyMode.SHARED_DATABASE);
        assertThat(d.database()).isEqualTo("neo4j");
    }

    @Test
    void enterpriseServersGiveEachTenantItsOwnDatabase() {
        TenancyDecision d = TenancyDecision.decide(TenancySetting.AUTO, "enterprise", T, "neo4j", "kg-");

        assertThat(d.mode()).isEqualTo(TenancyMode.DATABASE_PER_TENANT);
        assertThat(d.database()).isEqualTo("kg-acme-1");
    }

    @Test
    void theOperatorCanForceEitherModeButNotADatabaseOnCommunity() {
        assertThat(TenancyDecision.decide(TenancySetting.SHARED, "enterprise", T, "graph", "kg-").database())
                .isEqualTo("graph");
        assertThat(TenancyDecision.decide(TenancySetting.DATABASE, "enterprise", T, "neo4j", "t.").database())
                .isEqualTo("t.acme-1");
        assertThatThrownBy(() -> TenancyDecision.decide(TenancySetting.DATABASE, "community", T, "neo4j", "kg-"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Enterprise");
    }

    @Test
    void databaseNamesStayWithinNeo4jRulesForEveryValidTenant() {
        assertThat(DatabaseNames.forTenant("kg-", TenantId.of("0"))).isEqualTo("kg-0");
        assertThat(DatabaseNames.forTenant("kg-", TenantId.of("a".repeat(40)))).hasSize(43);
        assertThatThrownBy(() -> DatabaseNames.forTenant("1x", T)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseNames.forTenant("system-", T)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseNames.forTenant("Kg_", T)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outagesAreRetriedAndStatementErrorsAreNot() {
        assertThat(Neo4jErrors.isUnavailable(new ServiceUnavailableException("down"))).isTrue();
        assertThat(Neo4jErrors.isUnavailable(new SessionExpiredException("gone"))).isTrue();
        assertThat(Neo4jErrors.isUnavailable(new TransientException("Neo.TransientError.Transaction.DeadlockDetected",
                "deadlock"))).isTrue();
        assertThat(Neo4jErrors.isUnavailable(new ClientException("Neo.ClientError.Security.Unauthorized", "no")))
                .isTrue();
        assertThat(Neo4jErrors.isUnavailable(new ClientException(
                "Neo.ClientError.Schema.ConstraintValidationFailed", "dup"))).isFalse();
        assertThat(Neo4jErrors.classify("w", new ClientException("Neo.ClientError.Statement.TypeError", "bad")))
                .isInstanceOfSatisfying(GraphRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.TypeError"));
        assertThat(Neo4jErrors.classify("w", new IllegalArgumentException("x")))
                .isInstanceOf(GraphRejectedException.class);
        assertThat(Neo4jErrors.isUnavailable(new IllegalStateException("This driver instance has already been closed")))
                .as("a worker shutting down retries later, it never dead-letters").isTrue();
        assertThat(Neo4jErrors.isUnavailable(new RuntimeException("Retries interrupted", new InterruptedException())))
                .isTrue();
    }

    @Test
    void settingsHaveDefaultsAndBadValuesNameTheirVariable() {
        Neo4jSettings s = Neo4jSettings.fromEnv(new Env(Map.of()));
        assertThat(s.uri()).isEqualTo("bolt://127.0.0.1:7687");
        assertThat(s.database()).isEqualTo("neo4j");
        assertThat(s.tenancy()).isEqualTo(TenancySetting.AUTO);
        assertThat(Neo4jSettings.fromEnv(new Env(Map.of("NEO4J_TENANCY", "Database"))).tenancy())
                .isEqualTo(TenancySetting.DATABASE);
        assertThat(Neo4jSettings.fromEnv(new Env(Map.of("NEO4J_TENANCY", "shared"))).tenancy())
                .isEqualTo(TenancySetting.SHARED);
        assertThat(new Neo4jSettings("bolt://x", "neo4j", "secret", "neo4j", TenancySetting.AUTO, "kg-",
                Duration.ofSeconds(1), Duration.ofSeconds(1)).toString()).doesNotContain("secret");

        assertThatThrownBy(() -> Neo4jSettings.fromEnv(new Env(Map.of("NEO4J_URI", "http://x:7474"))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("NEO4J_URI");
        assertThatThrownBy(() -> Neo4jSettings.fromEnv(new Env(Map.of("NEO4J_TENANCY", "maybe"))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("NEO4J_TENANCY");
        assertThatThrownBy(() -> Neo4jSettings.fromEnv(new Env(Map.of("NEO4J_DATABASE", "bad name"))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("NEO4J_DATABASE");
        assertThatThrownBy(() -> Neo4jSettings.fromEnv(new Env(Map.of("NEO4J_TENANT_DATABASE_PREFIX", "_x"))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("PREFIX");
    }

    @Test
    void everyUniquenessConstraintIsScopedByTenant() {
        assertThat(GraphSchema.statements()).filteredOn(s -> s.contains("CONSTRAINT"))
                .hasSize(GraphSchema.KEYED_LABELS.size() + GraphSchema.KEYED_TYPES.size()).allSatisfy(s -> assertThat(s)
                        .containsPattern("REQUIRE \\([nr]\\.tenant, [nr]\\.id\\) IS UNIQUE").contains("IF NOT EXISTS"));
        assertThat(GraphSchema.KEYED_TYPES).contains("DEPENDS_ON").containsAll(
                Arrays.stream(EdgeType.values()).map(Enum::name).toList());
    }
}
