package io.kgrca.controlplane.placement;

/**
 * Where a dedicated consumer group stands on one partition, against the handoff boundary {@code since + overlap}.
 *
 * @param group             the consumer group
 * @param topic             the topic
 * @param partition         the partition
 * @param committed         the group's committed offset, or -1 when it has none
 * @param earliest          the partition's first offset (where a group without a commit would start)
 * @param end               the partition's end offset (the next offset to be written)
 * @param boundaryOffset    the first offset stamped at or after the boundary, or -1 when there is none yet
 * @param boundaryTimestamp that record's broker timestamp (meaningless when {@code boundaryOffset} is -1)
 */
public record PartitionProgress(String group, String topic, int partition, long committed, long earliest, long end,
                                long boundaryOffset, long boundaryTimestamp) {

    /** Where the group's consumption of this partition stands: its commit, else the partition's start. */
    public long position() {
        return committed >= 0 ? committed : earliest;
    }
}
