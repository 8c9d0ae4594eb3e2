package io.kgrca.common.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A normalized Kubernetes event, the value of an {@code events.normalized} record keyed
 * {@code <client>::event::<event id>}. It carries no client id: the tenant travels in the key.
 *
 * <p>An aggregated Kubernetes event (one uid whose count rises) keeps one {@link #eventId()} across its
 * updates; each update carries the new {@link #count()} and {@link #lastSeen()}, so the repetition stays
 * visible without turning into unrelated events.
 *
 * <p>How a consumer tells the updates apart: {@code (eventId, count)} names one observation of the event. A record
 * whose {@link #count()} is greater than the one stored for its {@code eventId} is a new repetition (the event
 * happened {@code count - stored} more times, last at {@link #lastSeen()}); a record with an equal or smaller count
 * is a replay or a late delivery and must not lower what is stored (keep the maximum count and the latest
 * {@code lastSeen}). Kubernetes may also re-emit an event after its object was garbage-collected with the count
 * starting again; that event has a new uid and therefore a new {@code eventId}. The producer derives the id from
 * the Kubernetes event uid only, never from the clock, so a replay reproduces the same records.
 *
 * @param eventId      deterministic id derived from the Kubernetes event identity
 * @param etype        {@code k8s.event}, or {@code prom.alert} for alerts
 * @param eventTime    when it (last) happened
 * @param severity     normalized severity
 * @param reason       the Kubernetes reason, such as {@code OOMKilling}
 * @param abstractType a coarse class such as {@code MEMORY_OOM}
 * @param message      human-readable text
 * @param subject      the object it is about
 * @param source       the emitting component and host
 * @param count        number of occurrences so far
 * @param firstSeen    first occurrence
 * @param lastSeen     latest occurrence
 * @param k8sType      the Kubernetes type, {@code Normal} or {@code Warning}
 * @param rawUid       the Kubernetes uid of the source event object
 * @param related      a second object the event involves ({@code related} of the Kubernetes event, such as the
 *                     pod that preempted the subject), or null
 */
public record NormalizedEvent(
        @JsonProperty(value = "event_id", required = true) String eventId,
        @JsonProperty("etype") String etype,
        @JsonProperty(value = "event_time", required = true) Instant eventTime,
        @JsonProperty(value = "severity", required = true) Severity severity,
        @JsonProperty(value = "reason", required = true) String reason,
        @JsonProperty("abstract_type") String abstractType,
        @JsonProperty("message") String message,
        @JsonProperty(value = "subject", required = true) Subject subject,
        @JsonProperty("source") RawK8sEvent.EventSource source,
        @JsonProperty("count") Integer count,
        @JsonProperty("first_seen") Instant firstSeen,
        @JsonProperty("last_seen") Instant lastSeen,
        @JsonProperty("k8s_type") String k8sType,
        @JsonProperty("raw_uid") String rawUid,
        @JsonProperty("related") Subject related) {

    /** An event without a related object (the form before {@code related} was added). */
    public NormalizedEvent(String eventId, String etype, Instant eventTime, Severity severity, String reason,
                           String abstractType, String message, Subject subject, RawK8sEvent.EventSource source,
                           Integer count, Instant firstSeen, Instant lastSeen, String k8sType, String rawUid) {
        this(eventId, etype, eventTime, severity, reason, abstractType, message, subject, source, count, firstSeen,
                lastSeen, k8sType, rawUid, null);
    }

    /** The {@code etype} of events that come from Kubernetes. */
    public static final String K8S_EVENT = "k8s.event";
}
