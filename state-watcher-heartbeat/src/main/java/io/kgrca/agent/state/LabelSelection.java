package io.kgrca.agent.state;

import io.kgrca.common.model.ResourceRecord;

import java.util.List;
import java.util.Map;

/**
 * Label selection on records: a Service's selector (empty selects nothing) and a NetworkPolicy's pod selector
 * (empty selects every pod of its namespace; {@code matchExpressions} with {@code In}, {@code NotIn},
 * {@code Exists}, {@code DoesNotExist}, as Kubernetes evaluates them). Pure.
 */
public final class LabelSelection {

    private LabelSelection() {
    }

    /** True when the service's non-empty selector matches the pod's labels. */
    public static boolean serviceSelects(ResourceRecord service, ResourceRecord pod) {
        Map<String, String> selector = ResourceMaps.selectorOf(service);
        return !selector.isEmpty() && matchLabels(selector, pod.labels());
    }

    /** True when the policy's pod selector (labels and expressions) matches the pod's labels. */
    public static boolean policySelects(ResourceRecord policy, ResourceRecord pod) {
        if (!policy.spec().containsKey(ResourceMaps.POD_SELECTOR)) {
            return false;
        }
        if (!matchLabels(ResourceMaps.stringMap(policy, ResourceMaps.POD_SELECTOR), pod.labels())) {
            return false;
        }
        Object expressions = policy.spec().get(ResourceMaps.POD_SELECTOR_EXPRESSIONS);
        if (expressions instanceof List<?> list) {
            for (Object e : list) {
                if (!(e instanceof Map<?, ?> expression) || !matchExpression(expression, pod.labels())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matchLabels(Map<String, String> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** One requirement; an unknown operator selects nothing (never an invented edge). */
    private static boolean matchExpression(Map<?, ?> expression, Map<String, String> labels) {
        Object key = expression.get("key");
        Object operator = expression.get("operator");
        List<?> values = expression.get("values") instanceof List<?> l ? l : List.of();
        if (key == null || operator == null) {
            return false;
        }
        String value = labels.get(key.toString());
        return switch (operator.toString()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }
}
