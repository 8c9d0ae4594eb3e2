package io.kgrca.agent.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.kgrca.common.json.JsonCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HorizontalPodAutoscalers (autoscaling/v2, or v1 where v2 is not served): current and desired replicas and the
 * conditions ({@code Type=Status:Reason}, sorted) in status; bounds and target ({@code Kind/name}) in spec.
 * autoscaling/v1 carries its conditions in an annotation, read from there.
 */
final class AutoscalerSummaries {

    /** Where autoscaling/v1 keeps the v2 conditions, as a JSON array. */
    static final String V1_CONDITIONS_ANNOTATION = "autoscaling.alpha.kubernetes.io/conditions";

    private AutoscalerSummaries() {
    }

    static WorkloadSummaries.Mapped v2(HorizontalPodAutoscaler hpa) {
        Summary status = new Summary();
        var st = hpa.getStatus();
        if (st != null) {
            List<String> conditions = st.getConditions() == null ? List.of() : st.getConditions().stream()
                    .map(c -> condition(c.getType(), c.getStatus(), c.getReason())).sorted().toList();
            status.put("current_replicas", st.getCurrentReplicas()).put("desired_replicas", st.getDesiredReplicas())
                    .putIfNotEmpty("conditions", conditions);
        }
        var spec = hpa.getSpec();
        var ref = spec == null ? null : spec.getScaleTargetRef();
        return WorkloadSummaries.Mapped.of(status.build(), spec == null ? Map.of() : spec(spec.getMinReplicas(),
                spec.getMaxReplicas(), ref == null ? null : ref.getKind(), ref == null ? null : ref.getName()));
    }

    // qualified: autoscaling/v1 beside the imported v2 one
    static WorkloadSummaries.Mapped v1(io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler hpa) {
        Summary status = new Summary();
        var st = hpa.getStatus();
        if (st != null) {
            status.put("current_replicas", st.getCurrentReplicas()).put("desired_replicas", st.getDesiredReplicas());
        }
        Map<String, String> annotations = hpa.getMetadata().getAnnotations();
        status.putIfNotEmpty("conditions", v1Conditions(annotations == null ? null : annotations.get(V1_CONDITIONS_ANNOTATION)));
        var spec = hpa.getSpec();
        var ref = spec == null ? null : spec.getScaleTargetRef();
        return WorkloadSummaries.Mapped.of(status.build(), spec == null ? Map.of() : spec(spec.getMinReplicas(),
                spec.getMaxReplicas(), ref == null ? null : ref.getKind(), ref == null ? null : ref.getName()));
    }

    /** The spec summary both API versions share. */
    private static Map<String, Object> spec(Integer min, Integer max, String targetKind, String targetName) {
        Summary s = new Summary().put("min_replicas", min).put("max_replicas", max);
        if (targetKind != null || targetName != null) {
            s.put("target", target(targetKind, targetName));
        }
        return s.build();
    }

    /** The conditions of the v1 annotation; none when it is absent or not a JSON array. */
    static List<String> v1Conditions(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            JsonNode array = JsonCodec.shared().mapper().readTree(json);
            for (JsonNode c : array.isArray() ? array : JsonCodec.shared().mapper().createArrayNode()) {
                out.add(condition(c.path("type").asText(null), c.path("status").asText(null), c.path("reason").asText(null)));
            }
        } catch (IOException e) {
            return List.of();
        }
        return out.stream().sorted().toList();
    }

    static String condition(String type, String status, String reason) {
        return type + "=" + status + ":" + (reason == null ? "" : reason);
    }

    private static String target(String kind, String name) {
        return kind == null || name == null || kind.isBlank() || name.isBlank() ? null : kind + "/" + name;
    }
}
