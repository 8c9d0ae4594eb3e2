package io.kgrca.controlplane.pool;

import java.time.Instant;
import java.util.List;

/**
 * One worker kind's pool as the status API shows it.
 *
 * @param worker     the worker kind
 * @param group      its consumer group
 * @param desired    the instances it runs now (after hysteresis)
 * @param target     the instances the demand asks for
 * @param running    instances listed running
 * @param sharedTenants tenants placed in the pools
 * @param lag        the group's consumer lag, in records
 * @param partitions the partition count of the largest input topic (0: unknown)
 * @param instances  the instances, by index
 */
public record PoolView(String worker, String group, int desired, int target, int running, int sharedTenants,
                       long lag, int partitions, List<Instance> instances) {

    /** Copies the list. */
    public PoolView {
        instances = List.copyOf(instances);
    }

    /**
     * One instance.
     *
     * @param member      its static member id {@code <worker>.pool-<n>}
     * @param index       its index
     * @param id          the runtime's id
     * @param state       running, crashed or failed
     * @param port        its health, metrics and {@code /pool/tenants} port
     * @param restarts    respawns, cumulative across control-plane restarts
     * @param lastError   the last crash, or null
     * @param nextAttempt when a crashed instance is respawned, or null
     * @param assigned    its assigned partitions, from its report (null: no report)
     * @param tenants     tenants it has processed records of, from its report (null: no report)
     */
    public record Instance(String member, int index, String id, InstanceState state, int port, int restarts,
                           String lastError, Instant nextAttempt, List<Object> assigned, Integer tenants) {

        /** This instance with what its report says. */
        public Instance withReport(InstanceReport r) {
            return new Instance(member, index, id, state, port, restarts, lastError, nextAttempt, r.assigned(),
                    r.tenants().size());
        }
    }
}
