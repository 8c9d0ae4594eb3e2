package io.kgrca.graphbuilder.query;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * The time range an analysis covers: signals active in it (last seen at or after {@code from}, first seen at or
 * before {@code to}).
 *
 * @param from start, inclusive
 * @param to   end, inclusive
 */
public record TimeRange(@JsonProperty("from") Instant from, @JsonProperty("to") Instant to) {

    /** Requires {@code from <= to}. */
    public TimeRange {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to");
        }
    }
}
