package io.kgrca.graphbuilder.rca;

import io.kgrca.graphbuilder.signal.SignalType;

/**
 * What causal linking needs to know of a signal: its identity, class, resource and when it was active.
 *
 * @param id         the signal id (an event id, or a log template id)
 * @param type       its class
 * @param resourceId the {@code ResourceRef.id()} it is about
 * @param firstSeen  onset, epoch milliseconds
 * @param lastSeen   latest occurrence, epoch milliseconds
 */
public record SignalWindow(String id, SignalType type, String resourceId, long firstSeen, long lastSeen) {
}
