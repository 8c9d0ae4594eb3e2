package io.kgrca.lognormalizer.trace;

/**
 * One container's output stream: the unit within which consecutive lines may form one record. All lines of a pod
 * share a record key (its uid), hence a partition, hence their order. A host (journal) line without a pod has the
 * stream of its node, {@code node/<host>}.
 *
 * @param pod       the pod uid, or {@code namespace/name} when the uid is unknown, or {@code node/<host>}
 * @param container the container name
 * @param stream    {@code stdout} or {@code stderr}
 */
public record StreamKey(String pod, String container, String stream) {
}
