package io.kgrca.controlplane.it;

import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.BatchOutcome;
import io.kgrca.common.worker.WorkerLauncher;

import java.util.List;

/**
 * A worker process for {@link WorkerSettingsIT}: the real {@link WorkerLauncher#main} (the settings, the loop, the
 * Kafka consumer of every worker) under the event-normalizer's name, with a sink that prints the size of each batch
 * it is handed, so that a test can see the {@code MAX_POLL_RECORDS} the worker uses.
 */
public final class BatchSizeWorkerMain {

    private BatchSizeWorkerMain() {
    }

    /** Runs until SIGTERM. */
    public static void main(String[] args) {
        WorkerLauncher.main("event-normalizer", List.of(Topics.RAW_K8S_EVENTS), ctx -> records -> {
            System.out.println("batch-size=" + records.size());
            System.out.flush();
            return new BatchOutcome(0, List.of());
        }, args);
    }
}
