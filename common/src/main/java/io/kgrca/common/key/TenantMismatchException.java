package io.kgrca.common.key;

import io.kgrca.common.tenant.TenantId;

/** Thrown when a payload's {@code client_id} disagrees with the tenant of its record key. */
public final class TenantMismatchException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a record keyed to {@code keyTenant} whose payload claims {@code payloadClientId}. */
    public TenantMismatchException(TenantId keyTenant, String payloadClientId) {
        super("payload client_id '" + payloadClientId + "' disagrees with key tenant '" + keyTenant + "'");
    }

    /**
     * Checks the rule that the tenant travels in the key: a payload may omit {@code client_id}, but one that
     * carries it must agree with the key. A mismatch is rejected, never re-attributed.
     */
    public static void requireAgreement(TenantId keyTenant, String payloadClientId) throws TenantMismatchException {
        if (payloadClientId != null && !payloadClientId.equals(keyTenant.value())) {
            throw new TenantMismatchException(keyTenant, payloadClientId);
        }
    }
}
