package io.kgrca.common.tenant;

import java.util.Locale;


/** The rules of the tenant id grammar, each named so that an error can say which one failed. */
public enum TenantIdRule {
    /** The id is present. */
    NOT_NULL("must not be null"),
    /** The id has at least one character. */
    NOT_EMPTY("must not be empty"),
    /** The id has at most forty characters. */
    AT_MOST_40_CHARACTERS("must have at most 40 characters"),
    /** The id uses only {@code a-z}, {@code 0-9} and {@code -}. */
    ONLY_LOWERCASE_LETTERS_DIGITS_AND_HYPHENS("may contain only lower-case letters a-z, digits 0-9 and '-'"),
    /** The first character is a letter or digit. */
    STARTS_WITH_LETTER_OR_DIGIT("must start with a letter or digit"),
    /** The last character is a letter or digit. */
    ENDS_WITH_LETTER_OR_DIGIT("must end with a letter or digit");

    private final String description;

    TenantIdRule(String description) {
        this.description = description;
    }

    /** A sentence fragment that completes "a tenant id ...". */
    public String description() {
        return description;
    }

    /** A short metric-friendly reason, such as {@code tenant-id-too-long}. */
    public String reasonCode() {
        return "tenant-id-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
