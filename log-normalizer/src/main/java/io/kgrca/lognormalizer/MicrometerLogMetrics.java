package io.kgrca.lognormalizer;

import io.kgrca.common.model.Severity;
import io.kgrca.lognormalizer.trace.TraceMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@link LogMetrics} on Micrometer, tagged with the tenant: {@code kg.lognormalizer.records.filtered{level}},
 * {@code kg.lognormalizer.traces.assembled{mode}}, {@code kg.lognormalizer.traces.continued}.
 */
public final class MicrometerLogMetrics implements LogMetrics {

    private final Map<Severity, Counter> filtered = new EnumMap<>(Severity.class);
    private final Map<TraceMode, Counter> traces = new EnumMap<>(TraceMode.class);
    private final Counter continued;
    private final Counter blank;

    /** Registers the meters of one tenant's loop. */
    public MicrometerLogMetrics(MeterRegistry registry, String tenant) {
        Tags tags = Tags.of("tenant", tenant, "worker", "log-normalizer");
        for (Severity s : Severity.values()) {
            filtered.put(s, Counter.builder("kg.lognormalizer.records.filtered")
                    .description("Records dropped because their level is below LOG_MIN_LEVEL").tags(tags)
                    .tag("level", s.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (TraceMode m : TraceMode.values()) {
            if (m != TraceMode.SINGLE) {
                traces.put(m, Counter.builder("kg.lognormalizer.traces.assembled")
                        .description("Multi-line records assembled from consecutive lines").tags(tags)
                        .tag("mode", m.name().toLowerCase(Locale.ROOT)).register(registry));
            }
        }
        continued = Counter.builder("kg.lognormalizer.traces.continued")
                .description("Records cut by a poll boundary, continued and emitted again with the same id")
                .tags(tags).register(registry);
        blank = Counter.builder("kg.lognormalizer.records.blank")
                .description("Empty lines consumed and not forwarded").tags(tags).register(registry);
    }

    @Override
    public void blank() {
        blank.increment();
    }

    @Override
    public void filtered(Severity severity) {
        filtered.get(severity).increment();
    }

    @Override
    public void traceAssembled(TraceMode mode, int lines) {
        Counter c = traces.get(mode);
        if (c != null) {
            c.increment();
        }
    }

    @Override
    public void continuedAcrossPolls(int count) {
        continued.increment(count);
    }
}
