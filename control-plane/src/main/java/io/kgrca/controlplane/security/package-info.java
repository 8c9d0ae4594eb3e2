/**
 * Kafka principals and ACLs: who may touch which topic on the secured broker (docs/remote-clusters.md).
 *
 * <p>Deciding is separate from doing: {@link io.kgrca.controlplane.security.AclPlan} and
 * {@link io.kgrca.controlplane.security.TenantAccess} are pure and say which ACL bindings each principal has;
 * {@link io.kgrca.controlplane.security.PrincipalAdmin} is the only class that talks to the Admin API, and makes a
 * principal's ACLs exactly the plan (level-triggered, so re-running after a partial failure converges).
 * {@link io.kgrca.controlplane.security.TenantPrincipals} is what provisioning calls:
 * {@code provision(TenantId)} returns the credentials to hand to the client cluster, {@code revoke(TenantId)}
 * deletes the ACLs first (an open connection's next produce is refused at once), then the SCRAM credential.
 *
 * <p>ACLs authorize topics, not keys: a tenant may write records keyed for another tenant on a topic it may write.
 * Nothing here can prevent that; the page above lists the options.
 */
package io.kgrca.controlplane.security;
