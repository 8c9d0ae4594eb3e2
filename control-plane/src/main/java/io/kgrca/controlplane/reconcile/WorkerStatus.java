package io.kgrca.controlplane.reconcile;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A worker's state as the status API shows it.
 *
 * @param worker      the worker name
 * @param state       RUNNING, STARTING, BACKING_OFF, FAILED, RATE_LIMITED, EXITED (kept, not respawned: the tenant
 *                    is not known to be alive) or ABSENT
 * @param containerId the runtime id, or null
 * @param restarts    restarts of the worker, cumulative across control-plane restarts
 * @param lastError   why it last stopped or failed to start, or null
 * @param nextRetryAt when a backing-off worker is tried again, or null
 * @param metricsPort the port of its health and metrics endpoint
 */
public record WorkerStatus(@JsonProperty("worker") String worker, @JsonProperty("state") String state,
                           @JsonProperty("container_id") String containerId, @JsonProperty("restarts") int restarts,
                           @JsonProperty("last_error") String lastError,
                           @JsonProperty("next_retry_at") Instant nextRetryAt,
                           @JsonProperty("metrics_port") int metricsPort) {
}
