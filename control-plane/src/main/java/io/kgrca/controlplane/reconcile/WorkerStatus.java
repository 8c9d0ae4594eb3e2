package io.kgrca.controlplane.reconcile;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kgrca.controlplane.plan.WorkerState;

import java.time.Instant;

/**
 * A worker's state as the status API shows it, derived after a reconcile from its outcome.
 *
 * @param worker      the worker name
 * @param state       see {@link WorkerState}
 * @param containerId the runtime id, or null
 * @param restarts    restarts of the worker, cumulative across control-plane restarts
 * @param lastError   why it last stopped or failed to start, or null
 * @param nextRetryAt when a backing-off worker is tried again, or null
 * @param metricsPort the port of its health and metrics endpoint
 */
public record WorkerStatus(@JsonProperty("worker") String worker, @JsonProperty("state") WorkerState state,
                           @JsonProperty("container_id") String containerId, @JsonProperty("restarts") int restarts,
                           @JsonProperty("last_error") String lastError,
                           @JsonProperty("next_retry_at") Instant nextRetryAt,
                           @JsonProperty("metrics_port") int metricsPort) {
}
