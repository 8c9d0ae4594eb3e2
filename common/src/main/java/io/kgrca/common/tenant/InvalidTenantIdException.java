package io.kgrca.common.tenant;

/** Thrown when a string is not a valid tenant id; names the rule it breaks. */
public final class InvalidTenantIdException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final int SHOWN_CHARS = 64;

    private final transient TenantIdRule rule;

    /** Creates the exception for {@code value}, which breaks {@code rule}. */
    public InvalidTenantIdException(String value, TenantIdRule rule) {
        super("invalid tenant id " + shown(value) + ": a tenant id " + rule.description()
                + " (grammar [a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?)");
        this.rule = rule;
    }

    /** The grammar rule that failed. */
    public TenantIdRule rule() {
        return rule;
    }

    private static String shown(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > SHOWN_CHARS ? value.substring(0, SHOWN_CHARS) + "..." : value;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
