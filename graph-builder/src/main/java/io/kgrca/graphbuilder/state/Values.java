package io.kgrca.graphbuilder.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads summary fields as the agent writes them and as they come back from stored JSON (numbers may be Integer or
 * Long, lists may hold any value). An absent or mistyped field reads as null: unknown, never bad.
 */
final class Values {

    private Values() {
    }

    static Long number(Map<String, Object> map, String key) {
        Object v = map == null ? null : map.get(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Boolean bool(Map<String, Object> map, String key) {
        Object v = map == null ? null : map.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        return null;
    }

    static String text(Map<String, Object> map, String key) {
        Object v = map == null ? null : map.get(key);
        return v == null ? null : String.valueOf(v);
    }

    /** The strings of a list field; null when the field is absent or not a list. */
    static List<String> strings(Map<String, Object> map, String key) {
        Object v = map == null ? null : map.get(key);
        if (!(v instanceof List<?> list)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o != null) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    /** The map elements of a list field; empty when absent. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Map<String, Object> map, String key) {
        Object v = map == null ? null : map.get(key);
        List<Map<String, Object>> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }
}
