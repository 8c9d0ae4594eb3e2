package io.kgrca.graphbuilder.store;

import io.kgrca.common.tenant.TenantId;

import java.util.regex.Pattern;

/**
 * Database names for the database-per-tenant mode. A name is the configured prefix followed by the tenant id, so
 * it is derived, never taken from input: the tenant grammar ({@code [a-z0-9-]}, at most 40 characters) keeps it
 * within Neo4j's rules (3 to 63 characters, a letter first, then letters, digits, dots and dashes, not starting
 * with {@code system}). Pure.
 */
public final class DatabaseNames {

    /** The default prefix. */
    public static final String DEFAULT_PREFIX = "kg-";

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9.-]{0,21}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9.-]{2,62}");

    private DatabaseNames() {
    }

    /** The database of {@code tenant}; throws {@link IllegalArgumentException} for a prefix that cannot be used. */
    public static String forTenant(String prefix, TenantId tenant) {
        if (prefix == null || !PREFIX.matcher(prefix).matches() || prefix.startsWith("system")) {
            throw new IllegalArgumentException("database prefix '" + prefix
                    + "' must match [a-z][a-z0-9.-]{0,21} and not start with 'system'");
        }
        String name = prefix + tenant.value();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name '" + name + "' breaks Neo4j's naming rules");
        }
        return name;
    }
}
