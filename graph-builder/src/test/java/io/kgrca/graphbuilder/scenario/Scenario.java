package io.kgrca.graphbuilder.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kgrca.common.json.JsonCodec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scripted fault scenario, read from {@code src/test/resources/scenarios/*.json}: a topology, the events and
 * logs of one failure with the injected root cause named, and the noise around it. Times are seconds from the
 * scenario's start; negative times happen before the fault.
 *
 * @param name        short name
 * @param description what happens
 * @param rootCauses  the signal ids of the injected root cause (several when it shows on several pods)
 * @param symptom     the signal whose incident is asked about
 * @param nodes       node names
 * @param workloads   workloads with their pods and services
 * @param events      the failure's events
 * @param logs        the failure's log lines
 * @param noise       unrelated events and logs mixed into the stream
 */
public record Scenario(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("root_causes") List<String> rootCauses,
        @JsonProperty("symptom") String symptom,
        @JsonProperty("nodes") List<String> nodes,
        @JsonProperty("workloads") List<Workload> workloads,
        @JsonProperty("events") List<EventSpec> events,
        @JsonProperty("logs") List<LogSpec> logs,
        @JsonProperty("noise") Noise noise) {

    /** Absent lists become empty. */
    public Scenario {
        nodes = nodes == null ? List.of() : nodes;
        workloads = workloads == null ? List.of() : workloads;
        events = events == null ? List.of() : events;
        logs = logs == null ? List.of() : logs;
        noise = noise == null ? new Noise(null, null, null, 0) : noise;
    }

    /**
     * A workload: a controller with pods on nodes, maybe selected by a service of the same name.
     *
     * @param kind      Deployment (adds a ReplicaSet), StatefulSet, DaemonSet or Job
     * @param namespace namespace
     * @param name      name
     * @param pods      pod name to node name (empty node: pending)
     * @param service   the service selecting the pods, or null
     */
    public record Workload(
            @JsonProperty("kind") String kind,
            @JsonProperty("namespace") String namespace,
            @JsonProperty("name") String name,
            @JsonProperty("pods") Map<String, String> pods,
            @JsonProperty("service") String service) {
    }

    /**
     * An event; with {@code until} and {@code count} it is an aggregated event updated several times.
     *
     * @param id       event id
     * @param at       first occurrence, seconds
     * @param until    last occurrence, seconds (default {@code at})
     * @param count    occurrences (default 1)
     * @param reason   Kubernetes reason (or alert name)
     * @param severity normalized severity
     * @param subject  {@code ResourceRef.id()} of the object
     * @param message  message
     * @param etype    {@code k8s.event} (default) or {@code prom.alert}
     */
    public record EventSpec(
            @JsonProperty("id") String id,
            @JsonProperty("at") long at,
            @JsonProperty("until") Long until,
            @JsonProperty("count") Integer count,
            @JsonProperty("reason") String reason,
            @JsonProperty("severity") String severity,
            @JsonProperty("subject") String subject,
            @JsonProperty("message") String message,
            @JsonProperty("etype") String etype) {
    }

    /**
     * Log lines of one template from one pod: {@code repeat} lines every {@code every} seconds from {@code at}.
     *
     * @param template   template id
     * @param pod        {@code ResourceRef.id()} of the pod
     * @param at         first line, seconds
     * @param repeat     number of lines (default 1)
     * @param every      seconds between lines (default 10)
     * @param severity   normalized severity
     * @param errorType  the log-normalizer's error type, or null
     * @param message    the line
     */
    public record LogSpec(
            @JsonProperty("template") String template,
            @JsonProperty("pod") String pod,
            @JsonProperty("at") long at,
            @JsonProperty("repeat") Integer repeat,
            @JsonProperty("every") Integer every,
            @JsonProperty("severity") String severity,
            @JsonProperty("error_type") String errorType,
            @JsonProperty("message") String message) {
    }

    /**
     * Noise: explicit unrelated signals, plus generated background (normal pod life-cycle events and info logs
     * for every pod, at seeded random times).
     *
     * @param workloads  unrelated workloads
     * @param events     unrelated events
     * @param logs       unrelated logs
     * @param background generated normal events and info logs per pod
     */
    public record Noise(
            @JsonProperty("workloads") List<Workload> workloads,
            @JsonProperty("events") List<EventSpec> events,
            @JsonProperty("logs") List<LogSpec> logs,
            @JsonProperty("background") int background) {

        /** Absent lists become empty. */
        public Noise {
            workloads = workloads == null ? List.of() : workloads;
            events = events == null ? List.of() : events;
            logs = logs == null ? List.of() : logs;
        }
    }

    /** Every workload, the failure's and the noise's. */
    public List<Workload> allWorkloads() {
        List<Workload> all = new ArrayList<>(workloads);
        all.addAll(noise.workloads());
        return all;
    }

    /** Reads {@code scenarios/<file>} from the test class path. */
    public static Scenario load(String file) {
        try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario file " + file);
            }
            return JsonCodec.shared().mapper().readValue(in, Scenario.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scenario files, in order. */
    public static List<String> files() {
        return List.of("01-oom-crashloop-5xx.json", "02-node-notready-evictions.json", "03-image-pull-failure.json",
                "04-scheduling-insufficient-cpu.json", "05-failed-volume-mount.json",
                "06-liveness-slow-dependency.json", "07-config-error-crash.json", "08-dns-failure.json");
    }
}
