package io.kgrca.common.worker;

import com.codahale.metrics.health.HealthCheckRegistry;
import io.kgrca.common.http.HealthHttpServer;
import io.kgrca.common.placement.PlacementView;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.Producer;

/**
 * What a {@link WorkerLauncher.ProcessorFactory} gets to build its sink from.
 *
 * @param settings the worker's settings
 * @param producer the loop's idempotent {@code acks=all} producer (owned by the launcher)
 * @param meters   the registry served on {@code /metrics}
 * @param health   the registry served on {@code /readyz}; add sink checks here
 * @param http       the worker's HTTP server (not yet started): add routes of your own with
 *                   {@link HealthHttpServer#route(String, com.sun.net.httpserver.HttpHandler)}
 * @param placements the placements the worker follows on {@code cluster.placement} (a pool instance's RCA
 *                   routes answer for the tenants placed in the pool)
 */
public record WorkerContext(WorkerSettings settings, Producer<byte[], byte[]> producer,
                            PrometheusMeterRegistry meters, HealthCheckRegistry health, HealthHttpServer http,
                            PlacementView placements) {

    /** A context that follows no placement (an empty view), for tests and tools. */
    public WorkerContext(WorkerSettings settings, Producer<byte[], byte[]> producer, PrometheusMeterRegistry meters,
                         HealthCheckRegistry health, HealthHttpServer http) {
        this(settings, producer, meters, health, http, new PlacementView());
    }
}
