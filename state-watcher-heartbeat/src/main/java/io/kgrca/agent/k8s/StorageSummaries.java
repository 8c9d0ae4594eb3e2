package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Summaries of configuration and storage: ConfigMaps and Secrets (a hash of the data and, for ConfigMaps, the key
 * names: never a value), PersistentVolumeClaims and PersistentVolumes (phase, binding, storage class).
 */
final class StorageSummaries {

    private StorageSummaries() {
    }

    static WorkloadSummaries.Mapped configMap(ConfigMap cm) {
        TreeSet<String> keys = new TreeSet<>();
        if (cm.getData() != null) {
            keys.addAll(cm.getData().keySet());
        }
        if (cm.getBinaryData() != null) {
            keys.addAll(cm.getBinaryData().keySet());
        }
        Summary s = new Summary().put("data_hash", Hashes.data(cm.getData(), cm.getBinaryData()))
                .putIfNotEmpty("keys", List.copyOf(keys));
        return WorkloadSummaries.Mapped.of(Map.of(), s.build());
    }

    /** A Secret: its data hash only ({@code stringData} counts as text, as the API server would store it). */
    static WorkloadSummaries.Mapped secret(Secret secret) {
        Summary s = new Summary().put("data_hash", Hashes.data(secret.getStringData(), secret.getData()));
        return WorkloadSummaries.Mapped.of(Map.of(), s.build());
    }

    static WorkloadSummaries.Mapped claim(PersistentVolumeClaim pvc) {
        Summary status = new Summary();
        if (pvc.getStatus() != null) {
            status.put("phase", pvc.getStatus().getPhase());
        }
        Summary s = new Summary();
        var spec = pvc.getSpec();
        if (spec != null) {
            s.put("volume_name", blankToNull(spec.getVolumeName()))
                    .put("storage_class", spec.getStorageClassName())
                    .putIfNotEmpty("access_modes", spec.getAccessModes() == null ? null
                            : spec.getAccessModes().stream().sorted().toList());
        }
        return WorkloadSummaries.Mapped.of(status.build(), s.build());
    }

    static WorkloadSummaries.Mapped volume(PersistentVolume pv) {
        Summary status = new Summary();
        if (pv.getStatus() != null) {
            status.put("phase", pv.getStatus().getPhase());
        }
        Summary s = new Summary();
        var spec = pv.getSpec();
        if (spec != null) {
            var ref = spec.getClaimRef();
            if (ref != null && ref.getName() != null && !ref.getName().isBlank()) {
                s.put("claim", (ref.getNamespace() == null ? "" : ref.getNamespace()) + "/" + ref.getName());
            }
            s.put("storage_class", spec.getStorageClassName());
        }
        return WorkloadSummaries.Mapped.of(status.build(), s.build());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
