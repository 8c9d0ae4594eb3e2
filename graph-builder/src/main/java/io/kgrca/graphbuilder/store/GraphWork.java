package io.kgrca.graphbuilder.store;

/**
 * Work done in one transaction on a tenant's graph. It may run more than once (the driver retries transient
 * failures), so it must have no effect outside the transaction.
 *
 * @param <T> what it returns
 */
@FunctionalInterface
public interface GraphWork<T> {
    /** Does the work. */
    T run(TenantTx tx);
}
