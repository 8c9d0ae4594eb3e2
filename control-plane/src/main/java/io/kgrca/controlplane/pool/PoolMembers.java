package io.kgrca.controlplane.pool;

import io.kgrca.common.placement.PoolNames;
import io.kgrca.controlplane.runtime.WorkerKind;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Removes a stopped pool instance's static member from its group. An instance stopped gracefully has left
 * already (workers close with {@code LEAVE_GROUP}); one killed after the stop grace has not, and as a static member
 * it would keep its partitions until its session times out: removing it hands them to the others at once.
 */
@FunctionalInterface
public interface PoolMembers {

    /** For runtimes and tests without Kafka. */
    PoolMembers NONE = (kind, index) -> { };

    /** Instance {@code index} of {@code kind}'s pool was stopped for good. */
    void stopped(WorkerKind kind, int index);

    /** Through the admin client, which the caller owns; an absent member or group is not an error. */
    static PoolMembers kafka(Admin admin, Duration timeout) {
        Logger log = LoggerFactory.getLogger(PoolMembers.class);
        return (kind, index) -> {
            String group = PoolNames.group(kind.id());
            String member = PoolNames.instance(kind.id(), index);
            try {
                admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(
                        List.of(new MemberToRemove(member)))).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("tenant=- removed static member {} from {}", member, group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // UNKNOWN_MEMBER_ID (it left on close, as it should) or no such group: nothing to do.
                log.debug("tenant=- static member {} of {} not removed: {}", member, group, e.getCause().toString());
            } catch (TimeoutException | RuntimeException e) {
                log.warn("tenant=- cannot remove static member {} from {}: {}", member, group, e.toString());
            }
        };
    }
}
