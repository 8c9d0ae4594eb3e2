package io.kgrca.common.json;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the first record component marked {@code @JsonProperty(required = true)} whose value is null, walking
 * nested records and collections of records. Jackson checks that a required property is present but accepts an
 * explicit {@code null}; the wire contract treats both as missing.
 */
final class RequiredFields {

    private static final Map<Class<?>, List<Required>> CACHE = new ConcurrentHashMap<>();

    private RequiredFields() {
    }

    /** The dotted path of the first missing required field of {@code value}, or null when none is missing. */
    static String firstMissing(Object value) {
        return firstMissing(value, "");
    }

    private static String firstMissing(Object value, String prefix) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                String missing = firstMissing(item, prefix + "[" + i++ + "]");
                if (missing != null) {
                    return missing;
                }
            }
            return null;
        }
        if (!value.getClass().isRecord()) {
            return null;
        }
        for (Required r : CACHE.computeIfAbsent(value.getClass(), RequiredFields::scan)) {
            Object field = r.read(value);
            String path = prefix.isEmpty() ? r.name() : prefix + "." + r.name();
            if (field == null && r.required()) {
                return path;
            }
            String nested = firstMissing(field, path);
            if (nested != null) {
                return nested;
            }
        }
        return null;
    }

    private static List<Required> scan(Class<?> type) {
        return java.util.Arrays.stream(type.getRecordComponents()).map(c -> {
            JsonProperty p = c.getAnnotation(JsonProperty.class);
            if (p == null) {
                p = fieldAnnotation(type, c);
            }
            String name = p != null && !p.value().isEmpty() ? p.value() : c.getName();
            return new Required(c, name, p != null && p.required());
        }).toList();
    }

    private static JsonProperty fieldAnnotation(Class<?> type, RecordComponent c) {
        try {
            return type.getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private record Required(RecordComponent component, String name, boolean required) {
        Object read(Object record) {
            try {
                return component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + name, e);
            }
        }
    }
}
