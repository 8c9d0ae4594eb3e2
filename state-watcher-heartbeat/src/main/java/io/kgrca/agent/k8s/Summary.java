package io.kgrca.agent.k8s;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small ordered map builder that skips null values, for the status and spec summaries. */
final class Summary {

    private final Map<String, Object> values = new LinkedHashMap<>();

    Summary put(String key, Object value) {
        if (value != null) {
            values.put(key, value);
        }
        return this;
    }

    Summary putIfNotEmpty(String key, Map<?, ?> value) {
        if (value != null && !value.isEmpty()) {
            values.put(key, value);
        }
        return this;
    }

    Summary putIfNotEmpty(String key, Collection<?> value) {
        if (value != null && !value.isEmpty()) {
            values.put(key, value);
        }
        return this;
    }

    Map<String, Object> build() {
        return Collections.unmodifiableMap(values);
    }

    static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}
