package io.kgrca.eventnormalizer.benchmark;

import io.kgrca.common.config.Env;
import io.kgrca.common.placement.PoolNames;
import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.common.worker.WorkerSettings;
import io.kgrca.eventnormalizer.EventNormalizerPool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pool of event-normalizer instances in this process (shared placement: group {@code event-normalizer.pool},
 * static members {@code event-normalizer.pool-<n>}), each with the worker's own pool factory
 * ({@link EventNormalizerPool}: one processor per tenant), as its {@code Main} starts it with {@code PLACEMENT=shared}.
 */
final class InProcessPool implements AutoCloseable {

    private static final String WORKER = "event-normalizer";

    private final List<WorkerLauncher.Running> instances = new ArrayList<>();

    /** Starts {@code count} instances with the Kafka variables {@code kafkaEnv} and {@code POOL_TENANT_SLICE}. */
    InProcessPool(Map<String, String> kafkaEnv, int count, int slice) throws Exception {
        try {
            for (int n = 0; n < count; n++) {
                Map<String, String> env = new HashMap<>(kafkaEnv);
                env.put("PLACEMENT", "shared");
                env.put("GROUP_INSTANCE_ID", PoolNames.instance(WORKER, n));
                env.put("POLL_TIMEOUT", "100ms");
                env.put("POOL_TENANT_SLICE", String.valueOf(slice));
                WorkerSettings settings = WorkerSettings.fromEnv(WORKER, List.of(Topics.RAW_K8S_EVENTS), new Env(env));
                instances.add(WorkerLauncher.startPool(settings,
                        ctx -> new EventNormalizerPool(ctx.settings().timeWindow(), ctx.producer())));
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (WorkerLauncher.Running instance : instances) {
            instance.close();
        }
    }
}
