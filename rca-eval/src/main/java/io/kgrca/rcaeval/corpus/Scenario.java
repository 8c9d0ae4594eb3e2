package io.kgrca.rcaeval.corpus;

import io.kgrca.agent.replay.TimelineEntry;

import java.util.List;
import java.util.Objects;

/**
 * One corpus scenario: a timeline in the agent's input shapes and its truth.
 *
 * @param name       unique in the corpus
 * @param faultClass the injected fault's class ({@link FaultClass} name in lower case, e.g. {@code oom})
 * @param source     a citation (URL) for a hand-written scenario, {@code generated seed=N} for a generated one
 * @param split      {@code dev} or {@code heldout}
 * @param timeline   the entries
 * @param truth      the expected answer
 */
public record Scenario(String name, String faultClass, String source, String split, List<TimelineEntry> timeline,
                       Truth truth) {

    /** Requires every field; the split is dev or heldout. */
    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(faultClass, "class");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(truth, "truth");
        timeline = List.copyOf(timeline);
        if (!"dev".equals(split) && !"heldout".equals(split)) {
            throw new IllegalArgumentException("scenario " + name + ": split must be dev or heldout, not " + split);
        }
    }
}
