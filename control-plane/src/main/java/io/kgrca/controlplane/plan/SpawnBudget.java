package io.kgrca.controlplane.plan;

import java.time.Duration;

/** How many workers may start now: a rate limit the planner consumes as it plans starts. In memory, no I/O. */
public interface SpawnBudget {

    /** Takes one start from the budget; false when it is spent for now. */
    boolean tryAcquire();

    /** How long until the next start is allowed. */
    Duration untilNext();
}
