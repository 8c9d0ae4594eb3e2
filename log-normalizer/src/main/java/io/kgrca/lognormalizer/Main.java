package io.kgrca.lognormalizer;

import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.WorkerContext;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.lognormalizer.config.LogSettings;

import java.util.List;

/**
 * The log-normalizer worker: {@code raw.k8s.logs} → {@code logs.normalized}, for one tenant (dedicated placement)
 * or for the tenants placed in the pool ({@code PLACEMENT=shared}, {@link LogNormalizerPool}).
 */
public final class Main {

    private Main() {
    }

    /** Entry point; configuration from the environment (see the README). */
    public static void main(String[] args) {
        WorkerLauncher.main("log-normalizer", List.of(Topics.RAW_K8S_LOGS), Main::processor, Main::pool, args);
    }

    /** The processors of a pool instance ({@code PLACEMENT=shared}), with {@code LOG_*} settings as above. */
    static LogNormalizerPool pool(WorkerContext ctx) {
        return new LogNormalizerPool(LogSettings.fromEnv(ctx.settings().env()), ctx.settings().timeWindow(),
                ctx.producer(), ctx.meters());
    }

    /** The processor of one tenant's loop, with {@code LOG_*} settings read from the worker's environment. */
    static LogBatchProcessor processor(WorkerContext ctx) {
        LogSettings settings = LogSettings.fromEnv(ctx.settings().env());
        return new LogBatchProcessor(settings, ctx.producer(),
                new MicrometerLogMetrics(ctx.meters(), ctx.settings().tenant().value()), ctx.settings().timeWindow());
    }
}
