package io.kgrca.controlplane.security;

import io.kgrca.common.tenant.TenantId;

/**
 * The Kafka credentials of a tenant's principal, as the operator hands them to the client cluster (the agent
 * chart's {@code client.kafka.sasl.username} / {@code password}, or the Secret they come from).
 *
 * @param tenant    the tenant
 * @param username  the SCRAM user, {@code tenant-<id>}
 * @param password  the generated password (shown once; the broker keeps only a salted hash)
 * @param mechanism {@code SCRAM-SHA-512}
 */
public record TenantCredentials(TenantId tenant, String username, String password, String mechanism) {

    /** Never prints the password. */
    @Override
    public String toString() {
        return "TenantCredentials[tenant=" + tenant + ", username=" + username + ", mechanism=" + mechanism
                + ", password=***]";
    }
}
