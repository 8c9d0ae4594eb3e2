package io.kgrca.common.tenant;

import java.util.Optional;

/**
 * A validated tenant (client) id.
 *
 * <p>The grammar is {@code [a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?}: one to forty characters, lower-case
 * ASCII letters, digits and inner hyphens. The id becomes part of container names, consumer-group names
 * and database names, so an id that fails this grammar must never reach Docker, Kafka or Cypher; the only
 * way to hold a {@code TenantId} is through {@link #of(String)}, which enforces it.
 *
 * @param value the id, already validated
 */
public record TenantId(String value) implements Comparable<TenantId> {

    /** The longest id the grammar allows. */
    public static final int MAX_LENGTH = 40;

    /** Validates {@code value}; prefer {@link #of(String)} which reads better at call sites. */
    public TenantId {
        Optional<TenantIdRule> broken = firstBrokenRule(value);
        if (broken.isPresent()) {
            throw new InvalidTenantIdException(value, broken.get());
        }
    }

    /**
     * Returns the tenant id for {@code value}.
     *
     * @throws InvalidTenantIdException naming the rule that {@code value} breaks
     */
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    /** Returns the first grammar rule that {@code value} breaks, or empty when it is a valid id. */
    public static Optional<TenantIdRule> firstBrokenRule(String value) {
        if (value == null) {
            return Optional.of(TenantIdRule.NOT_NULL);
        }
        if (value.isEmpty()) {
            return Optional.of(TenantIdRule.NOT_EMPTY);
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of(TenantIdRule.AT_MOST_40_CHARACTERS);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isLowerAlnum(c) && c != '-') {
                return Optional.of(TenantIdRule.ONLY_LOWERCASE_LETTERS_DIGITS_AND_HYPHENS);
            }
        }
        if (value.charAt(0) == '-') {
            return Optional.of(TenantIdRule.STARTS_WITH_LETTER_OR_DIGIT);
        }
        if (value.charAt(value.length() - 1) == '-') {
            return Optional.of(TenantIdRule.ENDS_WITH_LETTER_OR_DIGIT);
        }
        return Optional.empty();
    }

    /** True when {@code value} is a valid tenant id. */
    public static boolean isValid(String value) {
        return firstBrokenRule(value).isEmpty();
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    @Override
    public int compareTo(TenantId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
