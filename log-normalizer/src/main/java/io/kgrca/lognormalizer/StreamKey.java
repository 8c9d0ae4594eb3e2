package io.kgrca.lognormalizer;

/**
 * One container's output stream: the unit within which consecutive lines may form one record. All lines of a pod
 * share a record key (its uid), hence a partition, hence their order.
 *
 * @param pod       the pod uid, or {@code namespace/name} when the uid is unknown
 * @param container the container name
 * @param stream    {@code stdout} or {@code stderr}
 */
public record StreamKey(String pod, String container, String stream) {
}
