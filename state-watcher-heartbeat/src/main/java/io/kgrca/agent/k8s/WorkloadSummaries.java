package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.Map;

/**
 * Status and spec summaries of the workload kinds. Only facts that matter to root-cause analysis are kept, and
 * never fields that move without a real change (observed generations, heartbeat times), so that an unchanged
 * object maps to an equal record.
 */
final class WorkloadSummaries {

    private WorkloadSummaries() {
    }

    static String image(PodTemplateSpec template) {
        return template == null ? null : image(template.getSpec());
    }

    static String image(PodSpec spec) {
        if (spec == null || spec.getContainers() == null) {
            return null;
        }
        return spec.getContainers().stream().map(Container::getImage).filter(i -> i != null).findFirst().orElse(null);
    }

    static Map<String, String> matchLabels(LabelSelector selector) {
        return selector == null || selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    }

    static Mapped deployment(Deployment d) {
        var spec = d.getSpec();
        var st = d.getStatus();
        Summary status = new Summary();
        if (st != null) {
            status.put("ready_replicas", Summary.orZero(st.getReadyReplicas()))
                    .put("available_replicas", Summary.orZero(st.getAvailableReplicas()))
                    .put("updated_replicas", Summary.orZero(st.getUpdatedReplicas()))
                    .put("unavailable_replicas", Summary.orZero(st.getUnavailableReplicas()));
        }
        Summary s = new Summary();
        if (spec != null) {
            s.putIfNotEmpty("selector", matchLabels(spec.getSelector()))
                    .put("strategy", spec.getStrategy() == null ? null : spec.getStrategy().getType())
                    .put("template_hash", Hashes.canonical(spec.getTemplate()));
        }
        return new Mapped(spec == null ? null : image(spec.getTemplate()), spec == null ? null : spec.getReplicas(),
                status.build(), s.build());
    }

    static Mapped replicaSet(ReplicaSet r) {
        var spec = r.getSpec();
        var st = r.getStatus();
        Summary status = new Summary();
        if (st != null) {
            status.put("ready_replicas", Summary.orZero(st.getReadyReplicas()))
                    .put("available_replicas", Summary.orZero(st.getAvailableReplicas()));
        }
        Summary s = new Summary();
        if (spec != null) {
            s.putIfNotEmpty("selector", matchLabels(spec.getSelector()));
        }
        return new Mapped(spec == null ? null : image(spec.getTemplate()), spec == null ? null : spec.getReplicas(),
                status.build(), s.build());
    }

    static Mapped statefulSet(StatefulSet r) {
        var spec = r.getSpec();
        var st = r.getStatus();
        Summary status = new Summary();
        if (st != null) {
            status.put("ready_replicas", Summary.orZero(st.getReadyReplicas()))
                    .put("current_replicas", Summary.orZero(st.getCurrentReplicas()))
                    .put("updated_replicas", Summary.orZero(st.getUpdatedReplicas()));
        }
        Summary s = new Summary();
        if (spec != null) {
            s.putIfNotEmpty("selector", matchLabels(spec.getSelector())).put("service_name", spec.getServiceName())
                    .put("template_hash", Hashes.canonical(spec.getTemplate()));
        }
        return new Mapped(spec == null ? null : image(spec.getTemplate()), spec == null ? null : spec.getReplicas(),
                status.build(), s.build());
    }

    static Mapped daemonSet(DaemonSet r) {
        var spec = r.getSpec();
        var st = r.getStatus();
        Summary status = new Summary();
        if (st != null) {
            status.put("desired", Summary.orZero(st.getDesiredNumberScheduled()))
                    .put("ready", Summary.orZero(st.getNumberReady()))
                    .put("available", Summary.orZero(st.getNumberAvailable()));
        }
        Summary s = new Summary();
        if (spec != null) {
            s.putIfNotEmpty("selector", matchLabels(spec.getSelector()))
                    .put("template_hash", Hashes.canonical(spec.getTemplate()));
        }
        return new Mapped(spec == null ? null : image(spec.getTemplate()), null, status.build(), s.build());
    }

    static Mapped job(Job j) {
        var spec = j.getSpec();
        var st = j.getStatus();
        Summary status = new Summary();
        if (st != null) {
            status.put("active", Summary.orZero(st.getActive()))
                    .put("succeeded", Summary.orZero(st.getSucceeded()))
                    .put("failed", Summary.orZero(st.getFailed()))
                    .put("start_time", st.getStartTime())
                    .put("completion_time", st.getCompletionTime());
            if (st.getConditions() != null) {
                status.putIfNotEmpty("conditions", st.getConditions().stream()
                        .filter(c -> "True".equals(c.getStatus())).map(c -> c.getType()).sorted().toList());
            }
        }
        Summary s = new Summary();
        if (spec != null) {
            s.put("parallelism", spec.getParallelism()).put("completions", spec.getCompletions())
                    .put("backoff_limit", spec.getBackoffLimit());
        }
        return new Mapped(spec == null ? null : image(spec.getTemplate()), null, status.build(), s.build());
    }

    static Mapped cronJob(CronJob c) {
        var spec = c.getSpec();
        var st = c.getStatus();
        Summary status = new Summary();
        if (st != null) {
            status.put("last_schedule_time", st.getLastScheduleTime())
                    .put("last_successful_time", st.getLastSuccessfulTime())
                    .put("active", st.getActive() == null ? 0 : st.getActive().size());
        }
        Summary s = new Summary();
        String image = null;
        if (spec != null) {
            s.put("schedule", spec.getSchedule()).put("suspend", spec.getSuspend());
            if (spec.getJobTemplate() != null && spec.getJobTemplate().getSpec() != null) {
                image = image(spec.getJobTemplate().getSpec().getTemplate());
            }
        }
        return new Mapped(image, null, status.build(), s.build());
    }

    /**
     * The kind-specific parts of a record.
     *
     * @param image    first container image
     * @param replicas desired replicas
     * @param status   status summary
     * @param spec     spec summary
     */
    record Mapped(String image, Integer replicas, Map<String, Object> status, Map<String, Object> spec) {
        static Mapped of(Map<String, Object> status, Map<String, Object> spec) {
            return new Mapped(null, null, status, spec);
        }

        static Mapped empty() {
            return new Mapped(null, null, Map.of(), Map.of());
        }
    }
}
