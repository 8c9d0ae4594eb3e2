package io.kgrca.controlplane.security;

import io.kgrca.common.tenant.TenantId;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Provisions and revokes tenants' Kafka principals: what the operator's {@code tenant add} / {@code tenant remove}
 * call. A tenant's principal is {@code User:tenant-<id>} with a SCRAM-SHA-512 credential and the write-only ACLs of
 * {@link AclPlan#tenant}.
 *
 * <p>{@link #provision} is idempotent for the ACLs and rotates the password: each call returns a new one, and
 * the previous one stops working for new connections. {@link #revoke} deletes the ACLs first (an open
 * connection's next produce is refused at once) and then the credential (no new connection authenticates).
 */
public final class TenantPrincipals {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Logger LOG = LoggerFactory.getLogger(TenantPrincipals.class);
    private static final String TENANT_PREFIX = "tenant-";

    private final PrincipalAdmin admin;
    private final TenantAccess access;
    private final Supplier<String> passwords;
    private final TenantQuota quota;

    /** Tenants get {@code access} and no produce quota; passwords are 32 random bytes from {@link SecureRandom}, base64url. */
    public TenantPrincipals(PrincipalAdmin admin, TenantAccess access) {
        this(admin, access, TenantQuota.NONE);
    }

    /**
     * Tenants get {@code access} and, unless null, a produce quota of {@code produceBytesPerSecond} (Kafka's
     * {@code producer_byte_rate}: the broker delays a faster tenant's responses; nothing is lost).
     */
    public TenantPrincipals(PrincipalAdmin admin, TenantAccess access, Long produceBytesPerSecond) {
        this(admin, access, new TenantQuota(produceBytesPerSecond == null ? 0 : produceBytesPerSecond, 0));
    }

    /**
     * Tenants get {@code access} and {@code quota} on their principal ({@code user=tenant-<id>}; {@link
     * TenantQuota#NONE} removes any).
     */
    public TenantPrincipals(PrincipalAdmin admin, TenantAccess access, TenantQuota quota) {
        this(admin, access, quota, TenantPrincipals::randomPassword);
    }

    TenantPrincipals(PrincipalAdmin admin, TenantAccess access, TenantQuota quota, Supplier<String> passwords) {
        this.admin = admin;
        this.access = access;
        this.quota = quota;
        this.passwords = passwords;
    }

    /** Creates or rotates the tenant's credential and sets its ACLs; returns the credentials to hand over. */
    public TenantCredentials provision(TenantId tenant) {
        String user = AclPlan.tenantUser(tenant);
        String password = passwords.get();
        admin.upsertCredential(user, password);
        AclPlan.Diff diff = admin.applyAcls(user, AclPlan.tenant(tenant, access));
        admin.setQuota(ClientQuotaEntity.USER, user, quota);
        LOG.info("tenant={} Kafka principal User:{} provisioned (credential set, {} ACLs created, {} removed, "
                + "quota {})", tenant, user, diff.create().size(), diff.delete().size(), quota);
        return new TenantCredentials(tenant, user, password, PrincipalAdmin.MECHANISM.mechanismName());
    }

    /** Deletes the tenant's ACLs and credential; a tenant without them is success. */
    public void revoke(TenantId tenant) {
        String user = AclPlan.tenantUser(tenant);
        admin.deleteAcls(user);
        admin.deleteCredential(user);
        admin.setQuota(ClientQuotaEntity.USER, user, TenantQuota.NONE);
        LOG.info("tenant={} Kafka principal User:{} revoked (ACLs, credential and quota deleted)", tenant, user);
    }

    /** The quota the tenants get at provisioning. */
    public TenantQuota quota() {
        return quota;
    }

    /** The quotas on the broker of every tenant principal that has one, in one call. */
    public Map<TenantId, TenantQuota> quotas() {
        return TenantQuota.byTenant(admin.quotas(ClientQuotaEntity.USER), TENANT_PREFIX);
    }

    /** The tenants that have a credential, from the broker (users named {@code tenant-<valid id>}). */
    public Set<TenantId> provisioned() {
        Set<TenantId> tenants = new TreeSet<>();
        for (String user : admin.usersWithCredentials()) {
            if (user.startsWith(TENANT_PREFIX) && TenantId.isValid(user.substring(TENANT_PREFIX.length()))) {
                tenants.add(TenantId.of(user.substring(TENANT_PREFIX.length())));
            }
        }
        return tenants;
    }

    static String randomPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
