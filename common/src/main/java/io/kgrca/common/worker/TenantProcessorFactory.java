package io.kgrca.common.worker;

import io.kgrca.common.tenant.TenantId;

import java.util.Optional;

/**
 * Builds the processors of a pool instance, one per tenant (shared placement). Everything a processor keeps
 * (trace assembly, causal windows, recent ids, caches) is its tenant's alone, so per-tenant state is keyed by
 * tenant by construction; the pool bounds it by closing the processors of idle tenants. Resources that do not
 * belong to one tenant (a Neo4j driver, the schema set-up) are the factory's, created once and shared.
 */
public interface TenantProcessorFactory extends AutoCloseable {

    /** A new processor for {@code tenant}'s records of this instance; called on the loop's thread. */
    BatchProcessor create(TenantId tenant) throws Exception;

    /**
     * How a turn's tenants are processed together, when the sink can do better than one tenant after another (the
     * graph-builder: one Neo4j transaction for many tenants' writes); empty (the default): each tenant's processor
     * on its own records, one after another.
     */
    default Optional<TurnProcessor> turns() {
        return Optional.empty();
    }

    /** Releases the shared resources, after every processor it made is closed. */
    @Override
    default void close() {
    }
}
