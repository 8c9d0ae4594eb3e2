package io.kgrca.controlplane.security;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Admin-API side of principals: sets a principal's ACLs to exactly a planned set (level-triggered: what is
 * missing is created, what the plan no longer has is deleted, a second call changes nothing), and creates,
 * replaces and deletes SCRAM credentials. Needs a principal with ALTER and DESCRIBE on the cluster.
 */
public final class PrincipalAdmin {

    /** The mechanism of every tenant credential. */
    public static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_512;
    /** PBKDF2 iterations of a stored credential (Kafka's minimum is 4096). */
    public static final int ITERATIONS = 8192;

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    /** Uses {@code admin}, which the caller owns and closes. */
    public PrincipalAdmin(Admin admin) {
        this.admin = admin;
    }

    /**
     * Makes {@code user}'s ACLs exactly {@code desired}.
     *
     * @return what was changed (empty when the broker already matched)
     */
    public AclPlan.Diff applyAcls(String user, Set<AclBinding> desired) {
        Set<AclBinding> current = new HashSet<>(await(admin.describeAcls(AclPlan.everyAclOf(user)).values()));
        AclPlan.Diff diff = AclPlan.diff(current, desired);
        if (!diff.create().isEmpty()) {
            await(admin.createAcls(diff.create()).all());
        }
        if (!diff.delete().isEmpty()) {
            List<AclBindingFilter> filters = new ArrayList<>();
            diff.delete().forEach(b -> filters.add(b.toFilter()));
            await(admin.deleteAcls(filters).all());
        }
        return diff;
    }

    /** Deletes every ACL of {@code user}; none is success. */
    public void deleteAcls(String user) {
        await(admin.deleteAcls(List.of(AclPlan.everyAclOf(user))).all());
    }

    /** Creates or replaces {@code user}'s SCRAM-SHA-512 credential. */
    public void upsertCredential(String user, String password) {
        await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(MECHANISM, ITERATIONS), password))).all());
    }

    /** Deletes {@code user}'s SCRAM-SHA-512 credential; a user without one is success. */
    public void deleteCredential(String user) {
        try {
            await(admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(user, MECHANISM))).all());
        } catch (PrincipalAdminException e) {
            if (!(e.getCause() instanceof ResourceNotFoundException)) {
                throw e;
            }
        }
    }

    /**
     * Sets {@code user}'s produce quota ({@code producer_byte_rate}, bytes per second per broker), or removes it
     * when {@code bytesPerSecond} is null. With a quota the broker also keeps the user's produce rate as a metric.
     */
    public void setProduceRate(String user, Long bytesPerSecond) {
        setQuota(ClientQuotaEntity.USER, user, new TenantQuota(bytesPerSecond == null ? 0 : bytesPerSecond, 0));
    }

    /** {@code user}'s produce quota in bytes per second, if one is set. */
    public OptionalLong produceRate(String user) {
        long rate = quota(ClientQuotaEntity.USER, user).produceBytesPerSecond();
        return rate == 0 ? OptionalLong.empty() : OptionalLong.of(rate);
    }

    /**
     * Makes the quotas of one entity exactly {@code quota} (what it has as zero is removed).
     *
     * @param entityType {@link ClientQuotaEntity#USER} or {@link ClientQuotaEntity#CLIENT_ID}
     * @param name       the user (without {@code User:}) or the client id
     */
    public void setQuota(String entityType, String name, TenantQuota quota) {
        ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(entityType, name));
        List<ClientQuotaAlteration.Op> ops = new ArrayList<>();
        quota.toBroker().forEach((key, value) -> ops.add(new ClientQuotaAlteration.Op(key, value)));
        await(admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity, ops))).all());
    }

    /** The quotas set on exactly one entity; {@link TenantQuota#NONE} when it has none. */
    public TenantQuota quota(String entityType, String name) {
        ClientQuotaFilter filter = ClientQuotaFilter.containsOnly(List.of(
                ClientQuotaFilterComponent.ofEntity(entityType, name)));
        Map<ClientQuotaEntity, Map<String, Double>> quotas = await(admin.describeClientQuotas(filter).entities());
        return quotas.values().stream().map(TenantQuota::fromBroker).findFirst().orElse(TenantQuota.NONE);
    }

    /**
     * Every single-component quota entity of {@code entityType} (user or client id) with its quotas, by name: one
     * call for a whole listing.
     */
    public Map<String, TenantQuota> quotas(String entityType) {
        ClientQuotaFilter filter = ClientQuotaFilter.containsOnly(List.of(
                ClientQuotaFilterComponent.ofEntityType(entityType)));
        Map<ClientQuotaEntity, Map<String, Double>> quotas = await(admin.describeClientQuotas(filter).entities());
        Map<String, TenantQuota> byName = new TreeMap<>();
        quotas.forEach((entity, values) -> {
            String name = entity.entries().get(entityType);
            if (name != null) {
                byName.put(name, TenantQuota.fromBroker(values));
            }
        });
        return byName;
    }

    /** The users that have a SCRAM credential. */
    public Set<String> usersWithCredentials() {
        Map<String, UserScramCredentialsDescription> all = await(admin.describeUserScramCredentials().all());
        return Set.copyOf(all.keySet());
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new PrincipalAdminException(e.getCause());
        } catch (TimeoutException e) {
            throw new PrincipalAdminException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrincipalAdminException(e);
        }
    }

    /** A failed or timed-out Admin-API call; the cause is Kafka's error. */
    public static final class PrincipalAdminException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PrincipalAdminException(Throwable cause) {
            super(cause.toString(), cause);
        }
    }
}
