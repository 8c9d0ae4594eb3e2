package io.kgrca.common.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Map;

/**
 * A Kubernetes Event as event exporters and our agent send it to {@code raw.k8s.events}: the
 * {@code core/v1} shape ({@code involvedObject}, {@code message}, {@code firstTimestamp}/{@code lastTimestamp}/
 * {@code count}, {@code source}) or the {@code events.k8s.io/v1} shape ({@code regarding}, {@code note},
 * {@code eventTime}, {@code series}, {@code reportingController}, {@code deprecated*}). Both are read into
 * this one record; unknown fields are ignored.
 *
 * @param metadata                 object metadata; the uid identifies the (possibly aggregated) event
 * @param involvedObject           core/v1: the object the event is about
 * @param regarding                events.k8s.io/v1: the object the event is about
 * @param related                  events.k8s.io/v1 (and core/v1 {@code related}): a second object involved, such as
 *                                 the preemptor of a preempted pod
 * @param reason                   a short CamelCase reason such as {@code BackOff}
 * @param message                  core/v1 human-readable text
 * @param note                     events.k8s.io/v1 human-readable text
 * @param type                     {@code Normal} or {@code Warning}
 * @param source                   core/v1 emitting component and host
 * @param deprecatedSource         events.k8s.io/v1 copy of {@code source}
 * @param firstTimestamp           core/v1 first occurrence
 * @param lastTimestamp            core/v1 latest occurrence
 * @param count                    core/v1 number of occurrences
 * @param deprecatedFirstTimestamp events.k8s.io/v1 copy of {@code firstTimestamp}
 * @param deprecatedLastTimestamp  events.k8s.io/v1 copy of {@code lastTimestamp}
 * @param deprecatedCount          events.k8s.io/v1 copy of {@code count}
 * @param eventTime                when the event was first observed (MicroTime)
 * @param series                   repetition data of an event series
 * @param action                   what was done or failed, events.k8s.io/v1
 * @param reportingComponent       core/v1 name of the reporting controller
 * @param reportingController      events.k8s.io/v1 name of the reporting controller
 * @param reportingInstance        id of the reporting controller instance
 * @param clientId                 a tenant id some senders add; must agree with the record key
 */
public record RawK8sEvent(
        @JsonProperty(value = "metadata", required = true) ObjectMeta metadata,
        @JsonProperty("involvedObject") ObjectReference involvedObject,
        @JsonProperty("regarding") ObjectReference regarding,
        @JsonProperty("related") ObjectReference related,
        @JsonProperty("reason") String reason,
        @JsonProperty("message") String message,
        @JsonProperty("note") String note,
        @JsonProperty("type") String type,
        @JsonProperty("source") EventSource source,
        @JsonProperty("deprecatedSource") EventSource deprecatedSource,
        @JsonProperty("firstTimestamp") Instant firstTimestamp,
        @JsonProperty("lastTimestamp") Instant lastTimestamp,
        @JsonProperty("count") Integer count,
        @JsonProperty("deprecatedFirstTimestamp") Instant deprecatedFirstTimestamp,
        @JsonProperty("deprecatedLastTimestamp") Instant deprecatedLastTimestamp,
        @JsonProperty("deprecatedCount") Integer deprecatedCount,
        @JsonProperty("eventTime") Instant eventTime,
        @JsonProperty("series") EventSeries series,
        @JsonProperty("action") String action,
        @JsonProperty("reportingComponent") String reportingComponent,
        @JsonProperty("reportingController") String reportingController,
        @JsonProperty("reportingInstance") String reportingInstance,
        @JsonProperty("client_id") String clientId) {

    /**
     * Kubernetes object metadata (the fields we use).
     *
     * @param name              object name
     * @param namespace         object namespace
     * @param uid               object uid
     * @param resourceVersion   object resource version
     * @param creationTimestamp when the object was created
     * @param labels            object labels
     */
    public record ObjectMeta(
            @JsonProperty("name") String name,
            @JsonProperty("namespace") String namespace,
            @JsonProperty("uid") String uid,
            @JsonProperty("resourceVersion") String resourceVersion,
            @JsonProperty("creationTimestamp") Instant creationTimestamp,
            @JsonProperty("labels") Map<String, String> labels) {
    }

    /**
     * A reference to the object an event is about.
     *
     * @param kind            object kind
     * @param namespace       object namespace
     * @param name            object name
     * @param uid             object uid
     * @param apiVersion      object API version
     * @param resourceVersion object resource version
     * @param fieldPath       the part of the object, such as {@code spec.containers{app}}
     */
    public record ObjectReference(
            @JsonProperty("kind") String kind,
            @JsonProperty("namespace") String namespace,
            @JsonProperty("name") String name,
            @JsonProperty("uid") String uid,
            @JsonProperty("apiVersion") String apiVersion,
            @JsonProperty("resourceVersion") String resourceVersion,
            @JsonProperty("fieldPath") String fieldPath) {
    }

    /**
     * The component that emitted an event.
     *
     * @param component component name, such as {@code kubelet}
     * @param host      node name
     */
    public record EventSource(
            @JsonProperty("component") String component,
            @JsonProperty("host") String host) {
    }

    /**
     * Repetition data of an event series (events.k8s.io/v1 and core/v1 {@code series}).
     *
     * @param count            occurrences in the series so far
     * @param lastObservedTime latest occurrence
     */
    public record EventSeries(
            @JsonProperty("count") Integer count,
            @JsonProperty("lastObservedTime") Instant lastObservedTime) {
    }
}
