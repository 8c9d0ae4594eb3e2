package io.kgrca.common.placement;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where a tenant's records are processed: in the shared pools ({@link #SHARED}, the default) or by the tenant's
 * own containers ({@link #DEDICATED}, the seeds' {@code kg-<worker>-<client>} with per-client groups).
 */
public enum PlacementMode {
    /** Per worker kind, one pool of instances in one consumer group serves many tenants. */
    SHARED,
    /** Three containers of the tenant's own, each with the group {@code <worker>-<client>}. */
    DEDICATED;

    /** The wire form, {@code shared} or {@code dedicated}. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form (case-insensitive); anything else throws naming the accepted values. */
    @JsonCreator
    public static PlacementMode parse(String value) {
        if (value != null) {
            for (PlacementMode m : values()) {
                if (m.wire().equalsIgnoreCase(value.trim())) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("placement '" + value + "' is neither 'shared' nor 'dedicated'");
    }
}
