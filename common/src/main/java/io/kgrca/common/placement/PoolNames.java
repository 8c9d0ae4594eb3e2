package io.kgrca.common.placement;

/**
 * The names of shared placement, a wire contract like the dedicated ones ({@code <worker>-<client>}): a dot
 * cannot occur in a tenant id, so no pool name can ever equal a tenant's.
 *
 * <ul>
 *   <li>consumer group of a worker kind's pool: {@code <worker>.pool}, for example {@code graph-builder.pool};</li>
 *   <li>{@code group.instance.id} of instance {@code n} (0-based): {@code <worker>.pool-<n>};</li>
 *   <li>its container: {@code kg-<worker>.pool-<n>}.</li>
 * </ul>
 */
public final class PoolNames {

    private PoolNames() {
    }

    /** The consumer group of {@code worker}'s pool. */
    public static String group(String worker) {
        return worker + ".pool";
    }

    /** The static member id of instance {@code index} of {@code worker}'s pool. */
    public static String instance(String worker, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("pool instance index " + index + " is negative");
        }
        return group(worker) + "-" + index;
    }

    /** The container name of instance {@code index} of {@code worker}'s pool. */
    public static String container(String worker, int index) {
        return "kg-" + instance(worker, index);
    }
}
