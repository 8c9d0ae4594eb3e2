package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Map;

/**
 * cert-manager {@code Certificate}s (cert-manager.io/v1), read as generic resources: whether the Ready condition
 * is True and its reason in status; the Secret it writes and its DNS names in spec.
 */
final class CertificateSummaries {

    /** The API group of cert-manager. */
    static final String GROUP = "cert-manager.io";

    private CertificateSummaries() {
    }

    static WorkloadSummaries.Mapped certificate(GenericKubernetesResource cert) {
        Map<String, Object> props = cert.getAdditionalProperties();
        Summary status = new Summary();
        if (props.get("status") instanceof Map<?, ?> st && st.get("conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> condition && "Ready".equals(condition.get("type"))) {
                    status.put("ready", "True".equals(condition.get("status")))
                            .put("reason", text(condition.get("reason")));
                }
            }
        }
        Summary s = new Summary();
        if (props.get("spec") instanceof Map<?, ?> spec) {
            s.put("secret_name", text(spec.get("secretName")));
            if (spec.get("dnsNames") instanceof List<?> names) {
                s.putIfNotEmpty("dns_names", names.stream().filter(n -> n != null).map(Object::toString).toList());
            }
        }
        return WorkloadSummaries.Mapped.of(status.build(), s.build());
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
