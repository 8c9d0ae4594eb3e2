package io.kgrca.controlplane.metrics;

import java.time.Duration;

/** What the control plane counts. Defaults do nothing, so {@link #NOOP} serves tests. */
public interface ControlPlaneMetrics {

    /** Counts nothing. */
    ControlPlaneMetrics NOOP = new ControlPlaneMetrics() {
    };

    /** A worker was started for the first time or replaced. */
    default void spawned(String worker) {
    }

    /** A crashed worker was started again. */
    default void respawned(String worker) {
    }

    /** Starting a worker failed. */
    default void spawnError(String worker) {
    }

    /** A worker reached the FAILED state. */
    default void workerFailed(String worker) {
    }

    /** A dead tenant's workers and consumer groups were removed. */
    default void cleanedUp() {
    }

    /** An input record was rejected. */
    default void rejected(String source, String reason) {
    }

    /**
     * A registration was decided: {@code outcome} is {@code admitted} or the refusal's code ({@code not-provisioned},
     * {@code paused}, {@code tenant-limit}).
     */
    default void registration(String outcome) {
    }

    /** One reconcile of one tenant took {@code elapsed}. */
    default void reconciled(Duration elapsed) {
    }

    /** A labelled container that no tenant wants was removed. */
    default void orphanRemoved() {
    }

    /** A tenant was placed for the first time ({@code mode}: shared or dedicated). */
    default void placed(String mode) {
    }

    /** A tenant was moved: {@code direction} {@code shared->dedicated} or back, {@code reason} operator or policy. */
    default void placementMoved(String direction, String reason) {
    }

    /** The dedicated side of a move to shared was found drained {@code elapsed} after the handoff time. */
    default void placementDrained(Duration elapsed) {
    }

    /** Writing to {@code cluster.placement} failed (retried later). */
    default void placementWriteFailed() {
    }
}
