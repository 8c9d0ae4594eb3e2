package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ConfigMaps, Secrets and PersistentVolumeClaims a pod uses, by name (sorted, de-duplicated): from its
 * volumes (including projected sources and generic ephemeral volumes, whose claim is named
 * {@code <pod>-<volume>}), and for ConfigMaps and Secrets also from its containers' {@code env[].valueFrom} and
 * {@code envFrom}. Names only: never a key or a value.
 *
 * @param configMaps ConfigMap names
 * @param secrets    Secret names
 * @param claims     PersistentVolumeClaim names
 */
record PodRefs(Set<String> configMaps, Set<String> secrets, Set<String> claims) {

    static PodRefs of(String podName, PodSpec spec) {
        PodRefs refs = new PodRefs(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        if (spec == null) {
            return refs;
        }
        if (spec.getVolumes() != null) {
            spec.getVolumes().forEach(v -> refs.volume(podName, v));
        }
        containers(spec).forEach(refs::container);
        return refs;
    }

    /** Every container of the pod: init, regular (ephemeral debug containers take no config). */
    static List<Container> containers(PodSpec spec) {
        List<Container> all = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        return all;
    }

    private void volume(String podName, Volume v) {
        if (v.getConfigMap() != null) {
            add(configMaps, v.getConfigMap().getName());
        }
        if (v.getSecret() != null) {
            add(secrets, v.getSecret().getSecretName());
        }
        if (v.getPersistentVolumeClaim() != null) {
            add(claims, v.getPersistentVolumeClaim().getClaimName());
        }
        if (v.getEphemeral() != null && podName != null && v.getName() != null) {
            add(claims, podName + "-" + v.getName());
        }
        if (v.getProjected() != null && v.getProjected().getSources() != null) {
            for (VolumeProjection p : v.getProjected().getSources()) {
                if (p.getConfigMap() != null) {
                    add(configMaps, p.getConfigMap().getName());
                }
                if (p.getSecret() != null) {
                    add(secrets, p.getSecret().getName());
                }
            }
        }
    }

    private void container(Container c) {
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                    add(configMaps, e.getValueFrom().getConfigMapKeyRef().getName());
                }
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    add(secrets, e.getValueFrom().getSecretKeyRef().getName());
                }
            }
        }
        if (c.getEnvFrom() != null) {
            for (EnvFromSource f : c.getEnvFrom()) {
                if (f.getConfigMapRef() != null) {
                    add(configMaps, f.getConfigMapRef().getName());
                }
                if (f.getSecretRef() != null) {
                    add(secrets, f.getSecretRef().getName());
                }
            }
        }
    }

    private static void add(Set<String> names, String name) {
        if (name != null && !name.isBlank()) {
            names.add(name);
        }
    }
}
