package io.kgrca.common.worker;

import java.util.List;

/**
 * A worker process for the crash tests: the real {@link WorkerLauncher#main} around {@link CopyTransformer}.
 * Environment: the worker variables plus {@code OUTPUT_TOPIC} and {@code COPY_DELAY_MS}.
 */
public final class CopyWorkerMain {

    private CopyWorkerMain() {
    }

    /** Runs until SIGTERM or SIGKILL. */
    public static void main(String[] args) {
        String output = System.getenv("OUTPUT_TOPIC");
        long delay = Long.parseLong(System.getenv().getOrDefault("COPY_DELAY_MS", "0"));
        WorkerLauncher.main("copy-worker", List.of("unused"),
                ctx -> new TransformingProcessor(new CopyTransformer(output, delay), ctx.producer()), args);
    }
}
