package io.kgrca.rcaeval.corpus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;

/**
 * What counts as a correct root-cause candidate: its resource id equals {@code resource} and (no {@code types} or its
 * signal type is listed) and (no {@code kinds} or its kind, {@code event}, {@code log}, {@code state} or
 * {@code change}, is listed).
 *
 * @param resource a resource id, such as {@code pod/shop/api-7d9f-x2} or {@code deployment/shop/api}
 * @param types    signal type names that count; empty for any
 * @param kinds    signal kinds that count; empty for any
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Matcher(
        @JsonProperty(value = "resource", required = true) String resource,
        @JsonProperty("types") List<String> types,
        @JsonProperty("kinds") List<String> kinds) {

    /** Requires a resource; null lists become empty. */
    public Matcher {
        Objects.requireNonNull(resource, "resource");
        types = types == null ? List.of() : List.copyOf(types);
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
    }

    /** A matcher on {@code resource} with the given types (any kind). */
    public static Matcher of(String resource, String... types) {
        return new Matcher(resource, List.of(types), List.of());
    }

    /** True when a candidate with this resource, type and kind matches. */
    public boolean matches(String resourceId, String type, String kind) {
        return resource.equals(resourceId) && (types.isEmpty() || types.contains(type))
                && (kinds.isEmpty() || kinds.contains(kind));
    }
}
