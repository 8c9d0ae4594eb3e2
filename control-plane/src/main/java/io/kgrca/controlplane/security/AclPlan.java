package io.kgrca.controlplane.security;

import io.kgrca.common.placement.PoolNames;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.topic.Topics;
import io.kgrca.controlplane.runtime.WorkerKind;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ACLs of every principal, decided without I/O (a {@link PrincipalAdmin} applies them). Every binding is an
 * ALLOW on a literal name or a prefix ending in {@code -}; nothing is granted on {@code *}. With KRaft's
 * {@code StandardAuthorizer} and {@code allow.everyone.if.no.acl.found=false}, what is not listed is refused.
 *
 * <ul>
 *   <li>a tenant ({@code User:tenant-<id>}): WRITE and DESCRIBE on each topic it writes, READ on the opted-in
 *       reply topic only, nothing on groups, transactional ids or the cluster;</li>
 *   <li>the control plane: READ of the registry, heartbeat and tenants topics (it follows them without a group),
 *       WRITE of the tenants and reply topics, READ and WRITE of {@code cluster.placement}, DESCRIBE of the pools'
 *       groups and of the workers' input topics (a move's drain), DESCRIBE and DELETE of the workers' consumer
 *       groups and, when it
 *       provisions principals, ALTER, DESCRIBE, ALTER_CONFIGS and DESCRIBE_CONFIGS on the cluster (SCRAM
 *       credentials, ACLs and quotas);</li>
 *   <li>workers: READ of their input topics, WRITE of their output and dead-letter topics, READ of the consumer
 *       groups that start with a worker's name ({@code event-normalizer-}, ...).</li>
 * </ul>
 */
public final class AclPlan {

    /** The compacted topic of provisioned tenants (admission work). */
    public static final String TENANTS_TOPIC = Topics.CLUSTER_TENANTS;

    private static final String HOST = "*";

    private AclPlan() {
    }

    /** The SCRAM user name of a tenant: {@code tenant-<id>}. */
    public static String tenantUser(TenantId tenant) {
        return "tenant-" + tenant.value();
    }

    /** {@code User:<name>}. */
    public static String principal(String user) {
        return "User:" + user;
    }

    /** Every ACL of a tenant's principal. */
    public static Set<AclBinding> tenant(TenantId tenant, TenantAccess access) {
        String principal = principal(tenantUser(tenant));
        Set<AclBinding> acls = new LinkedHashSet<>();
        for (String topic : access.writes()) {
            acls.add(allow(principal, topic(topic), AclOperation.WRITE));
            acls.add(allow(principal, topic(topic), AclOperation.DESCRIBE));
        }
        for (String topic : access.reads()) {
            acls.add(allow(principal, topic(topic), AclOperation.READ));
        }
        return acls;
    }

    /**
     * The control plane's ACLs.
     *
     * @param user              its SASL user
     * @param managesPrincipals whether it provisions tenants' SCRAM credentials, ACLs and quotas itself (ALTER and
     *                          ALTER_CONFIGS on the cluster: whoever holds them can grant any ACL, so it is as
     *                          trusted as the admin)
     */
    public static Set<AclBinding> controlPlane(String user, boolean managesPrincipals) {
        String principal = principal(user);
        Set<AclBinding> acls = new LinkedHashSet<>();
        for (String topic : List.of(Topics.CLUSTER_REGISTRY, Topics.CLUSTER_HEARTBEAT, TENANTS_TOPIC)) {
            acls.add(allow(principal, topic(topic), AclOperation.READ));
        }
        for (String topic : List.of(TENANTS_TOPIC, TenantAccess.REGISTRY_REPLIES)) {
            acls.add(allow(principal, topic(topic), AclOperation.WRITE));
            acls.add(allow(principal, topic(topic), AclOperation.DESCRIBE));
        }
        for (WorkerKind kind : WorkerKind.values()) {
            acls.add(allow(principal, groupPrefix(kind), AclOperation.DESCRIBE));
            acls.add(allow(principal, groupPrefix(kind), AclOperation.DELETE));
        }
        // Placements (issue 14): it follows and writes cluster.placement, and judges a move's drain from the groups'
        // commits (dedicated groups above, the pools' here) against the input topics' offsets (listOffsets).
        acls.add(allow(principal, topic(Topics.CLUSTER_PLACEMENT), AclOperation.READ));
        acls.add(allow(principal, topic(Topics.CLUSTER_PLACEMENT), AclOperation.WRITE));
        acls.add(allow(principal, topic(Topics.CLUSTER_PLACEMENT), AclOperation.DESCRIBE));
        for (WorkerKind kind : WorkerKind.values()) {
            acls.add(allow(principal, new ResourcePattern(ResourceType.GROUP, PoolNames.group(kind.id()),
                    PatternType.LITERAL), AclOperation.DESCRIBE));
        }
        for (String topic : List.of(Topics.RAW_K8S_EVENTS, Topics.RAW_K8S_LOGS, Topics.EVENTS_NORMALIZED,
                Topics.LOGS_NORMALIZED, Topics.STATE_K8S_RESOURCE, Topics.STATE_K8S_TOPOLOGY)) {
            acls.add(allow(principal, topic(topic), AclOperation.DESCRIBE));
        }
        if (managesPrincipals) {
            acls.add(allow(principal, cluster(), AclOperation.ALTER));
            acls.add(allow(principal, cluster(), AclOperation.DESCRIBE));
            acls.add(allow(principal, cluster(), AclOperation.ALTER_CONFIGS));
            acls.add(allow(principal, cluster(), AclOperation.DESCRIBE_CONFIGS));
        }
        return acls;
    }

    /** The ACLs of a worker principal (shared by the three worker kinds). */
    public static Set<AclBinding> worker(String user) {
        String principal = principal(user);
        Set<AclBinding> acls = new LinkedHashSet<>();
        for (String topic : List.of(Topics.RAW_K8S_EVENTS, Topics.RAW_K8S_LOGS, Topics.EVENTS_NORMALIZED,
                Topics.LOGS_NORMALIZED, Topics.STATE_K8S_RESOURCE, Topics.STATE_K8S_TOPOLOGY)) {
            acls.add(allow(principal, topic(topic), AclOperation.READ));
        }
        for (String topic : List.of(Topics.EVENTS_NORMALIZED, Topics.LOGS_NORMALIZED, Topics.DLQ_RAW,
                Topics.DLQ_NORMALIZED)) {
            acls.add(allow(principal, topic(topic), AclOperation.WRITE));
            acls.add(allow(principal, topic(topic), AclOperation.DESCRIBE));
        }
        for (WorkerKind kind : WorkerKind.values()) {
            acls.add(allow(principal, groupPrefix(kind), AclOperation.READ));
            // shared placement (issue 14): the pool's own group, <worker>.pool (a dot: no tenant's group)
            acls.add(allow(principal, new ResourcePattern(ResourceType.GROUP, PoolNames.group(kind.id()),
                    PatternType.LITERAL), AclOperation.READ));
        }
        // every worker follows the placements (a consumer in assign mode: no group)
        acls.add(allow(principal, topic(Topics.CLUSTER_PLACEMENT), AclOperation.READ));
        acls.add(allow(principal, topic(Topics.CLUSTER_PLACEMENT), AclOperation.DESCRIBE));
        return acls;
    }

    /** A filter matching every ACL of {@code user}, on any resource. */
    public static AclBindingFilter everyAclOf(String user) {
        return new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter(principal(user), null,
                AclOperation.ANY, AclPermissionType.ANY));
    }

    /**
     * What to change so that {@code current} (every ACL of one principal) becomes {@code desired}.
     *
     * @return the bindings to create and those to delete
     */
    public static Diff diff(Set<AclBinding> current, Set<AclBinding> desired) {
        List<AclBinding> create = new ArrayList<>();
        for (AclBinding b : desired) {
            if (!current.contains(b)) {
                create.add(b);
            }
        }
        List<AclBinding> delete = new ArrayList<>();
        for (AclBinding b : current) {
            if (!desired.contains(b)) {
                delete.add(b);
            }
        }
        return new Diff(create, delete);
    }

    /**
     * The changes of {@link #diff}.
     *
     * @param create bindings missing on the broker
     * @param delete bindings on the broker that the plan no longer has
     */
    public record Diff(List<AclBinding> create, List<AclBinding> delete) {

        /** Copies the lists. */
        public Diff {
            create = List.copyOf(create);
            delete = List.copyOf(delete);
        }

        /** True when the broker already matches the plan. */
        public boolean isEmpty() {
            return create.isEmpty() && delete.isEmpty();
        }
    }

    private static AclBinding allow(String principal, ResourcePattern pattern, AclOperation operation) {
        return new AclBinding(pattern, new AccessControlEntry(principal, HOST, operation, AclPermissionType.ALLOW));
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern groupPrefix(WorkerKind kind) {
        return new ResourcePattern(ResourceType.GROUP, kind.id() + "-", PatternType.PREFIXED);
    }

    private static ResourcePattern cluster() {
        return new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
    }
}
