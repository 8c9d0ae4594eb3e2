package io.kgrca.controlplane.security;

import org.apache.kafka.common.acl.AclBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sets the ACLs of the server's own principals: the control plane and the workers. Run once after the broker is
 * up (compose's {@code kg-kafka-acls} step) and again whenever the plan changes; a second run changes nothing.
 *
 * @param controlPlaneUser  the control plane's SASL user
 * @param workerUsers       the users workers connect as (each gets the worker ACLs)
 * @param managesPrincipals whether the control plane provisions tenant principals itself
 */
public record ServicePrincipals(String controlPlaneUser, List<String> workerUsers, boolean managesPrincipals) {

    private static final Logger LOG = LoggerFactory.getLogger(ServicePrincipals.class);

    /** Copies the list. */
    public ServicePrincipals {
        workerUsers = List.copyOf(workerUsers);
    }

    /**
     * Every service user's desired ACLs (pure). A user that is both the control plane and a worker (compose,
     * until workers get their own credential) gets the union.
     */
    public Map<String, Set<AclBinding>> plan() {
        Map<String, Set<AclBinding>> plan = new LinkedHashMap<>();
        plan.put(controlPlaneUser, new LinkedHashSet<>(AclPlan.controlPlane(controlPlaneUser, managesPrincipals)));
        for (String worker : workerUsers) {
            plan.computeIfAbsent(worker, k -> new LinkedHashSet<>()).addAll(AclPlan.worker(worker));
        }
        plan.replaceAll((user, acls) -> Set.copyOf(acls));
        return plan;
    }

    /** Applies {@link #plan()} through {@code admin}. */
    public void apply(PrincipalAdmin admin) {
        plan().forEach((user, acls) -> report(user, admin.applyAcls(user, acls)));
    }

    private static void report(String user, AclPlan.Diff diff) {
        LOG.info("tenant=- Kafka principal User:{} ACLs applied ({} created, {} removed)", user,
                diff.create().size(), diff.delete().size());
    }
}
