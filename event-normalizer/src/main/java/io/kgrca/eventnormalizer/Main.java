package io.kgrca.eventnormalizer;

import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.TransformingProcessor;
import io.kgrca.common.worker.WorkerLauncher;

import java.util.List;

/**
 * The event-normalizer worker: {@code raw.k8s.events} → {@code events.normalized}, for one tenant (dedicated
 * placement) or for the tenants placed in the pool ({@code PLACEMENT=shared}, {@link EventNormalizerPool}).
 */
public final class Main {

    private Main() {
    }

    /** Entry point; configuration from the environment (see the README). */
    public static void main(String[] args) {
        WorkerLauncher.main("event-normalizer", List.of(Topics.RAW_K8S_EVENTS),
                ctx -> new TransformingProcessor(new EventNormalizer(ctx.settings().timeWindow()), ctx.producer()),
                ctx -> new EventNormalizerPool(ctx.settings().timeWindow(), ctx.producer()), args);
    }
}
