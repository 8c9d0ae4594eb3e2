package io.kgrca.common.worker;

import java.util.List;

/**
 * What a {@link BatchProcessor} did with a batch.
 *
 * @param outputs    how many outputs were made durable
 * @param rejections the records to dead-letter
 */
public record BatchOutcome(int outputs, List<Rejection> rejections) {

    /** Copies the list. */
    public BatchOutcome {
        rejections = List.copyOf(rejections);
    }
}
