package io.kgrca.controlplane.security;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclPlanTest {

    private static final TenantId ACME = TenantId.of("acme");

    @Test
    void aTenantMayWriteAndDescribeExactlyTheAgentsTopicsAndNothingElse() {
        Set<AclBinding> acls = AclPlan.tenant(ACME, TenantAccess.agent());

        assertThat(acls).hasSize(12).allSatisfy(b -> {
            assertThat(b.entry().principal()).isEqualTo("User:tenant-acme");
            assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(b.pattern().resourceType()).isEqualTo(ResourceType.TOPIC);
            assertThat(b.pattern().patternType()).isEqualTo(PatternType.LITERAL);
            assertThat(b.entry().operation()).isIn(AclOperation.WRITE, AclOperation.DESCRIBE);
        });
        assertThat(acls.stream().map(b -> b.pattern().name()).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                Topics.CLUSTER_REGISTRY, Topics.CLUSTER_HEARTBEAT, Topics.RAW_K8S_EVENTS, Topics.RAW_K8S_LOGS,
                Topics.STATE_K8S_RESOURCE, Topics.STATE_K8S_TOPOLOGY);
    }

    @Test
    void aTenantReadsNothingUnlessOptedIntoTheReplyTopicAndThenOnlyThatWithoutAGroup() {
        assertThat(AclPlan.tenant(ACME, TenantAccess.agent())).noneMatch(b -> b.entry().operation() == AclOperation.READ);

        Set<AclBinding> withReplies = AclPlan.tenant(ACME, TenantAccess.agentReadingReplies(TenantAccess.REGISTRY_REPLIES));

        assertThat(withReplies.stream().filter(b -> b.entry().operation() == AclOperation.READ).toList())
                .singleElement().satisfies(b -> {
                    assertThat(b.pattern()).isEqualTo(new ResourcePattern(ResourceType.TOPIC,
                            TenantAccess.REGISTRY_REPLIES, PatternType.LITERAL));
                });
        assertThat(withReplies).noneMatch(b -> b.pattern().resourceType() == ResourceType.GROUP);
    }

    @Test
    void tenantsWhoseIdsArePrefixesOfEachOtherGetDistinctPrincipalsAndNoPrefixGrant() {
        Set<AclBinding> short1 = AclPlan.tenant(TenantId.of("af-1"), TenantAccess.agent());
        Set<AclBinding> long10 = AclPlan.tenant(TenantId.of("af-10"), TenantAccess.agent());

        assertThat(short1).noneMatch(long10::contains);
        assertThat(short1).allMatch(b -> b.entry().principal().equals("User:tenant-af-1"));
    }

    @Test
    void aTopicBothReadAndWrittenIsRefused() {
        assertThatThrownBy(() -> new TenantAccess(Set.of("cluster.registry"), Set.of("cluster.registry")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster.registry");
    }

    @Test
    void theControlPlaneFollowsItsTopicsDeletesWorkerGroupsAndAltersTheClusterOnlyWhenItProvisions() {
        Set<AclBinding> plain = AclPlan.controlPlane("kg-control-plane", false);
        Set<AclBinding> provisioning = AclPlan.controlPlane("kg-control-plane", true);

        assertThat(plain).contains(
                allow("kg-control-plane", topic(Topics.CLUSTER_REGISTRY), AclOperation.READ),
                allow("kg-control-plane", topic(Topics.CLUSTER_HEARTBEAT), AclOperation.READ),
                allow("kg-control-plane", topic(AclPlan.TENANTS_TOPIC), AclOperation.WRITE),
                allow("kg-control-plane", topic(TenantAccess.REGISTRY_REPLIES), AclOperation.WRITE),
                allow("kg-control-plane", groupPrefix("graph-builder-"), AclOperation.DELETE));
        assertThat(plain).noneMatch(b -> b.pattern().resourceType() == ResourceType.CLUSTER);
        assertThat(plain).noneMatch(b -> b.entry().operation() == AclOperation.WRITE
                && b.pattern().name().startsWith("raw."));
        assertThat(plain).as("placements: the topic, and the drain of moves").contains(
                allow("kg-control-plane", topic(Topics.CLUSTER_PLACEMENT), AclOperation.READ),
                allow("kg-control-plane", topic(Topics.CLUSTER_PLACEMENT), AclOperation.WRITE),
                allow("kg-control-plane", new ResourcePattern(ResourceType.GROUP, "graph-builder.pool",
                        PatternType.LITERAL), AclOperation.DESCRIBE),
                allow("kg-control-plane", topic(Topics.RAW_K8S_LOGS), AclOperation.DESCRIBE));
        assertThat(plain).as("offsets only, never records of the data topics").noneMatch(b ->
                b.entry().operation() == AclOperation.READ && b.pattern().name().startsWith("raw."));
        assertThat(provisioning).contains(allow("kg-control-plane",
                new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL), AclOperation.ALTER),
                allow("kg-control-plane", new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                        AclOperation.ALTER_CONFIGS));
    }

    @Test
    void workersReadTheirInputsWriteOutputsAndDeadLettersAndUseOnlyWorkerPrefixedGroups() {
        Set<AclBinding> acls = AclPlan.worker("kg-worker");

        assertThat(acls).contains(
                allow("kg-worker", topic(Topics.RAW_K8S_EVENTS), AclOperation.READ),
                allow("kg-worker", topic(Topics.EVENTS_NORMALIZED), AclOperation.WRITE),
                allow("kg-worker", topic(Topics.DLQ_RAW), AclOperation.WRITE),
                allow("kg-worker", groupPrefix("event-normalizer-"), AclOperation.READ),
                allow("kg-worker", groupPrefix("log-normalizer-"), AclOperation.READ),
                allow("kg-worker", new ResourcePattern(ResourceType.GROUP, "graph-builder.pool", PatternType.LITERAL),
                        AclOperation.READ),
                allow("kg-worker", topic(Topics.CLUSTER_PLACEMENT), AclOperation.READ));
        assertThat(acls).noneMatch(b -> b.pattern().name().equals(Topics.CLUSTER_REGISTRY));
        assertThat(acls).as("nothing written to the placements").noneMatch(b -> b.pattern().name().equals(
                Topics.CLUSTER_PLACEMENT) && b.entry().operation() == AclOperation.WRITE);
        assertThat(acls).noneMatch(b -> b.pattern().resourceType() == ResourceType.CLUSTER);
        assertThat(acls).noneMatch(b -> b.pattern().name().equals("*") || b.pattern().name().isEmpty());
    }

    @Test
    void theDiffCreatesWhatIsMissingDeletesWhatIsStaleAndIsEmptyOnceApplied() {
        AclBinding keep = allow("u", topic("a"), AclOperation.WRITE);
        AclBinding stale = allow("u", topic("old"), AclOperation.WRITE);
        AclBinding missing = allow("u", topic("b"), AclOperation.WRITE);

        AclPlan.Diff diff = AclPlan.diff(Set.of(keep, stale), Set.of(keep, missing));

        assertThat(diff.create()).containsExactly(missing);
        assertThat(diff.delete()).containsExactly(stale);
        assertThat(AclPlan.diff(Set.of(keep, missing), Set.of(keep, missing)).isEmpty()).isTrue();
    }

    @Test
    void aServiceUserThatIsBothControlPlaneAndWorkerGetsTheUnion() {
        ServicePrincipals shared = new ServicePrincipals("kg-control-plane", List.of("kg-control-plane"), false);
        ServicePrincipals separate = new ServicePrincipals("kg-control-plane", List.of("kg-worker"), false);

        assertThat(shared.plan()).containsOnlyKeys("kg-control-plane");
        assertThat(shared.plan().get("kg-control-plane")).containsAll(AclPlan.worker("kg-control-plane"))
                .containsAll(AclPlan.controlPlane("kg-control-plane", false));
        assertThat(separate.plan()).containsOnlyKeys("kg-control-plane", "kg-worker");
        // DESCRIBE of the data topics is both's (the control plane lists their offsets to judge a move's drain),
        // and both follow cluster.placement.
        assertThat(separate.plan().get("kg-control-plane")).doesNotContainAnyElementsOf(
                AclPlan.worker("kg-control-plane").stream()
                        .filter(b -> b.entry().operation() != AclOperation.DESCRIBE)
                        .filter(b -> !b.pattern().name().equals(Topics.CLUSTER_PLACEMENT)).toList());
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        TenantCredentials c = new TenantCredentials(ACME, "tenant-acme", "s3cr3t-value", "SCRAM-SHA-512");

        assertThat(c.toString()).doesNotContain("s3cr3t-value").contains("tenant-acme");
    }

    @Test
    void aProduceQuotaBelowOneKibibytePerSecondIsRefused() {
        assertThatThrownBy(() -> new TenantPrincipals(null, TenantAccess.agent(), 100L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100");
    }

    @Test
    void generatedPasswordsAreLongAndDistinct() {
        String a = TenantPrincipals.randomPassword();
        String b = TenantPrincipals.randomPassword();

        assertThat(a).hasSize(43).isNotEqualTo(b).matches("[A-Za-z0-9_-]+");
    }

    private static AclBinding allow(String user, ResourcePattern pattern, AclOperation op) {
        return new AclBinding(pattern, new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern groupPrefix(String prefix) {
        return new ResourcePattern(ResourceType.GROUP, prefix, PatternType.PREFIXED);
    }
}
