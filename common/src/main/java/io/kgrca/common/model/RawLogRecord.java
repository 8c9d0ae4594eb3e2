package io.kgrca.common.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Map;

/**
 * One container log line as the agent's Vector DaemonSet sends it to {@code raw.k8s.logs}, keyed
 * {@code <client>::log::<pod uid>}: the {@code kubernetes_logs} source event. A host line (Vector's
 * {@code journald} source: kubelet, container runtime, kernel) has no {@code kubernetes} metadata but names its
 * node in {@code host}.
 *
 * @param message    the line, without its trailing newline
 * @param timestamp  when the container runtime read it
 * @param stream     {@code stdout} or {@code stderr}
 * @param file       the log file on the node
 * @param kubernetes pod and container metadata
 * @param clientId   a tenant id some senders add; must agree with the record key
 * @param host       the node a host (journal) line comes from; optional, used when no pod is named
 */
public record RawLogRecord(
        @JsonProperty(value = "message", required = true) String message,
        @JsonProperty("timestamp") Instant timestamp,
        @JsonProperty("stream") String stream,
        @JsonProperty("file") String file,
        @JsonProperty("kubernetes") KubernetesMeta kubernetes,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("host") String host) {

    /** A container line without {@code host}: the form every sender used before host lines were read. */
    public RawLogRecord(String message, Instant timestamp, String stream, String file, KubernetesMeta kubernetes,
                        String clientId) {
        this(message, timestamp, stream, file, kubernetes, clientId, null);
    }

    /**
     * Pod and container metadata attached by Vector.
     *
     * @param podName        pod name
     * @param podNamespace   pod namespace
     * @param podUid         pod uid
     * @param containerName  container name
     * @param containerImage container image
     * @param podNodeName    node the pod runs on
     * @param podLabels      pod labels
     */
    public record KubernetesMeta(
            @JsonProperty("pod_name") String podName,
            @JsonProperty("pod_namespace") String podNamespace,
            @JsonProperty("pod_uid") String podUid,
            @JsonProperty("container_name") String containerName,
            @JsonProperty("container_image") String containerImage,
            @JsonProperty("pod_node_name") String podNodeName,
            @JsonProperty("pod_labels") Map<String, String> podLabels) {
    }
}
