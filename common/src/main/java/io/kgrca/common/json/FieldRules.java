package io.kgrca.common.json;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules data binding does not check, walking nested records and collections of records: a component marked
 * {@code @JsonProperty(required = true)} may not be null (Jackson checks that a required property is present but
 * accepts an explicit {@code null}; the wire contract treats both as missing), and an integer component may not
 * be negative (every integer of the wire records is a count: occurrences, lines, replicas).
 */
final class FieldRules {

    /** What is wrong with a field. */
    record Violation(String field, JsonDecodeException.Reason reason, String problem) {
    }

    private static final Map<Class<?>, List<Component>> CACHE = new ConcurrentHashMap<>();

    private FieldRules() {
    }

    /** The first broken rule of {@code value}, or null when it keeps them all. */
    static Violation firstViolation(Object value) {
        return firstViolation(value, "");
    }

    private static Violation firstViolation(Object value, String prefix) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                Violation v = firstViolation(item, prefix + "[" + i++ + "]");
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
        if (!value.getClass().isRecord()) {
            return null;
        }
        for (Component c : CACHE.computeIfAbsent(value.getClass(), FieldRules::scan)) {
            Object field = c.read(value);
            String path = prefix.isEmpty() ? c.name() : prefix + "." + c.name();
            if (field == null && c.required()) {
                return new Violation(path, JsonDecodeException.Reason.MISSING_FIELD, "is required");
            }
            if (field instanceof Integer || field instanceof Long) {
                if (((Number) field).longValue() < 0) {
                    return new Violation(path, JsonDecodeException.Reason.INVALID_FIELD,
                            "is a count and may not be negative (" + field + ")");
                }
                continue;
            }
            Violation nested = firstViolation(field, path);
            if (nested != null) {
                return nested;
            }
        }
        return null;
    }

    private static List<Component> scan(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> {
            JsonProperty p = c.getAnnotation(JsonProperty.class);
            if (p == null) {
                p = fieldAnnotation(type, c);
            }
            String name = p != null && !p.value().isEmpty() ? p.value() : c.getName();
            return new Component(c, name, p != null && p.required());
        }).toList();
    }

    private static JsonProperty fieldAnnotation(Class<?> type, RecordComponent c) {
        try {
            return type.getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private record Component(RecordComponent component, String name, boolean required) {
        Object read(Object record) {
            try {
                return component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + name, e);
            }
        }
    }
}
