package io.kgrca.controlplane.security;

import io.kgrca.common.tenant.TenantId;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Tenant quotas on a plain (non-SASL) listener, where there is no tenant principal (every client is
 * {@code User:ANONYMOUS}): the quota is set on the agent's {@code client.id}, {@code kg-agent-<id>}
 * ({@link TenantQuota#agentClientId}), which the agent's producers and the chart's Vector sink use. All clients
 * with that id share the quota. A client-id quota is weaker than a principal's: a client that picks another id
 * escapes it, so it contains an honest runaway agent, not a hostile one.
 */
public final class AgentClientQuotas {

    private static final Logger LOG = LoggerFactory.getLogger(AgentClientQuotas.class);

    private final PrincipalAdmin admin;
    private final TenantQuota quota;

    /** Sets {@code quota} through {@code admin}. */
    public AgentClientQuotas(PrincipalAdmin admin, TenantQuota quota) {
        this.admin = admin;
        this.quota = quota;
    }

    /** Sets the tenant's quota on its agent's client id (idempotent). */
    public void apply(TenantId tenant) {
        admin.setQuota(ClientQuotaEntity.CLIENT_ID, TenantQuota.agentClientId(tenant), quota);
        LOG.info("tenant={} quota {} set on client.id {}", tenant, quota, TenantQuota.agentClientId(tenant));
    }

    /** Removes the tenant's client-id quota; none is success. */
    public void remove(TenantId tenant) {
        admin.setQuota(ClientQuotaEntity.CLIENT_ID, TenantQuota.agentClientId(tenant), TenantQuota.NONE);
        LOG.info("tenant={} quota removed from client.id {}", tenant, TenantQuota.agentClientId(tenant));
    }

    /** The client-id quotas of every tenant that has one, in one call. */
    public Map<TenantId, TenantQuota> quotas() {
        return TenantQuota.byTenant(admin.quotas(ClientQuotaEntity.CLIENT_ID), TenantQuota.AGENT_CLIENT_PREFIX);
    }
}
