package io.kgrca.controlplane.cleanup;

import io.kgrca.common.tenant.TenantId;
import io.kgrca.controlplane.runtime.WorkerKind;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Deletes {@code event-normalizer-<c>}, {@code log-normalizer-<c>} and {@code graph-builder-<c>} through the Kafka
 * Admin API. "Group not found" is success (idempotent); "group not empty" means a worker is still a member, so
 * the caller retries after the workers are gone.
 */
public final class KafkaGroupCleaner implements GroupCleaner {

    private final Admin admin;

    /** Uses {@code admin}, which the caller owns. */
    public KafkaGroupCleaner(Admin admin) {
        this.admin = admin;
    }

    @Override
    public boolean deleteGroups(TenantId tenant) throws Exception {
        List<String> groups = Arrays.stream(WorkerKind.values()).map(k -> k.consumerGroup(tenant)).toList();
        Map<String, KafkaFuture<Void>> results = admin.deleteConsumerGroups(groups).deletedGroups();
        boolean done = true;
        for (Map.Entry<String, KafkaFuture<Void>> e : results.entrySet()) {
            try {
                e.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof GroupNotEmptyException) {
                    done = false;
                } else if (!(ex.getCause() instanceof GroupIdNotFoundException)) {
                    throw ex;
                }
            }
        }
        return done;
    }
}
