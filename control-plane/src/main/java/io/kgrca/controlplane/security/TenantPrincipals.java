package io.kgrca.controlplane.security;

import io.kgrca.common.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Base64;
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
    private final Long produceBytesPerSecond;

    /** Tenants get {@code access} and no produce quota; passwords are 32 random bytes from {@link SecureRandom}, base64url. */
    public TenantPrincipals(PrincipalAdmin admin, TenantAccess access) {
        this(admin, access, null);
    }

    /**
     * Tenants get {@code access} and, unless null, a produce quota of {@code produceBytesPerSecond} (Kafka's
     * {@code producer_byte_rate}: the broker delays a faster tenant's responses; nothing is lost).
     */
    public TenantPrincipals(PrincipalAdmin admin, TenantAccess access, Long produceBytesPerSecond) {
        this(admin, access, produceBytesPerSecond, TenantPrincipals::randomPassword);
    }

    TenantPrincipals(PrincipalAdmin admin, TenantAccess access, Long produceBytesPerSecond, Supplier<String> passwords) {
        if (produceBytesPerSecond != null && produceBytesPerSecond < 1024) {
            throw new IllegalArgumentException("a produce quota below 1024 bytes/s is a mistake: " + produceBytesPerSecond);
        }
        this.admin = admin;
        this.access = access;
        this.produceBytesPerSecond = produceBytesPerSecond;
        this.passwords = passwords;
    }

    /** Creates or rotates the tenant's credential and sets its ACLs; returns the credentials to hand over. */
    public TenantCredentials provision(TenantId tenant) {
        String user = AclPlan.tenantUser(tenant);
        String password = passwords.get();
        admin.upsertCredential(user, password);
        AclPlan.Diff diff = admin.applyAcls(user, AclPlan.tenant(tenant, access));
        admin.setProduceRate(user, produceBytesPerSecond);
        LOG.info("tenant={} Kafka principal User:{} provisioned (credential set, {} ACLs created, {} removed, "
                + "produce quota {} B/s)", tenant, user, diff.create().size(), diff.delete().size(),
                produceBytesPerSecond == null ? "none" : produceBytesPerSecond);
        return new TenantCredentials(tenant, user, password, PrincipalAdmin.MECHANISM.mechanismName());
    }

    /** Deletes the tenant's ACLs and credential; a tenant without them is success. */
    public void revoke(TenantId tenant) {
        String user = AclPlan.tenantUser(tenant);
        admin.deleteAcls(user);
        admin.deleteCredential(user);
        admin.setProduceRate(user, null);
        LOG.info("tenant={} Kafka principal User:{} revoked (ACLs, credential and quota deleted)", tenant, user);
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
