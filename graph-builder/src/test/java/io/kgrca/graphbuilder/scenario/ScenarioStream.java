package io.kgrca.graphbuilder.scenario;

import io.kgrca.common.model.EdgeType;
import io.kgrca.common.model.ResourceRef;
import io.kgrca.common.model.Severity;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.graphbuilder.Fixtures;
import io.kgrca.graphbuilder.mapping.KindLabels;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Turns a {@link Scenario} into the records the agent and the normalizers would publish for one tenant: the state
 * (resources and edges) first, as the agent's initial sync does, then the events and logs of the failure and
 * its noise in a seeded shuffled order, so that causes often arrive after their effects. Aggregated events arrive
 * as several updates of one event id.
 */
public final class ScenarioStream {

    /** The scenario clock's zero. */
    public static final Instant BASE = Instant.parse("2025-06-01T10:00:00Z");

    private static final String[][] LIFECYCLE = {
        {"Scheduled", "Successfully assigned %s to %s"}, {"Pulling", "Pulling image \"registry/app:1.4\""},
        {"Pulled", "Successfully pulled image \"registry/app:1.4\" in 1.2s"}, {"Created", "Created container app"},
        {"Started", "Started container app"}};

    private final Scenario scenario;
    private final TenantId tenant;
    private final Random rng;
    private final Set<String> eventIds = new LinkedHashSet<>();
    private final Set<String> templateIds = new LinkedHashSet<>();
    private final Set<String> noiseIds = new LinkedHashSet<>();

    /** The stream of {@code scenario} for {@code tenant}. */
    public ScenarioStream(Scenario scenario, TenantId tenant) {
        this.scenario = scenario;
        this.tenant = tenant;
        this.rng = new Random(scenario.name().hashCode());
    }

    /** Resources and topology edges. */
    public List<Fixtures.Wire> state() {
        List<Fixtures.Wire> out = new ArrayList<>();
        for (String node : scenario.nodes()) {
            out.add(Fixtures.resource(tenant, "Node", "", node));
        }
        for (Scenario.Workload w : scenario.allWorkloads()) {
            ResourceRef controller = ResourceRef.of(w.kind(), w.namespace(), w.name());
            out.add(Fixtures.resource(tenant, w.kind(), w.namespace(), w.name()));
            ResourceRef owner = controller;
            if ("Deployment".equals(w.kind())) {
                owner = ResourceRef.of("ReplicaSet", w.namespace(), w.name() + "-rs");
                out.add(Fixtures.resource(tenant, "ReplicaSet", w.namespace(), owner.name()));
                out.add(Fixtures.edge(tenant, EdgeType.CONTROLS, controller, owner));
            }
            ResourceRef service = w.service() == null ? null : ResourceRef.of("Service", w.namespace(), w.service());
            if (service != null) {
                out.add(Fixtures.resource(tenant, "Service", w.namespace(), w.service()));
            }
            for (Map.Entry<String, String> pod : w.pods().entrySet()) {
                ResourceRef p = ResourceRef.of("Pod", w.namespace(), pod.getKey());
                out.add(Fixtures.resource(tenant, "Pod", w.namespace(), pod.getKey()));
                out.add(Fixtures.edge(tenant, EdgeType.CONTROLS, owner, p));
                if (pod.getValue() != null && !pod.getValue().isEmpty()) {
                    out.add(Fixtures.edge(tenant, EdgeType.RUNS_ON, p, ResourceRef.of("Node", "", pod.getValue())));
                }
                if (service != null) {
                    out.add(Fixtures.edge(tenant, EdgeType.SELECTS, service, p));
                }
            }
        }
        return out;
    }

    /** Events and logs of the failure and of the noise, shuffled. */
    public List<Fixtures.Wire> signals() {
        List<Fixtures.Wire> out = new ArrayList<>();
        scenario.events().forEach(e -> out.addAll(event(e)));
        scenario.logs().forEach(l -> out.addAll(log(l)));
        Set<String> failure = new LinkedHashSet<>(eventIds);
        failure.addAll(templateIds);
        scenario.noise().events().forEach(e -> out.addAll(event(e)));
        scenario.noise().logs().forEach(l -> out.addAll(log(l)));
        if (scenario.noise().background() > 0) {
            out.addAll(background(scenario.noise().background()));
        }
        noiseIds.addAll(eventIds);
        noiseIds.addAll(templateIds);
        noiseIds.removeAll(failure);
        Collections.shuffle(out, rng);
        return out;
    }

    /** The ids of the noise signals (after {@link #signals()}). */
    public Set<String> noiseIds() {
        return noiseIds;
    }

    /** The event ids the stream carries (after {@link #signals()}). */
    public Set<String> eventIds() {
        return eventIds;
    }

    /** The log template signal ids the stream carries (after {@link #signals()}). */
    public Set<String> templateIds() {
        return templateIds;
    }

    private List<Fixtures.Wire> event(Scenario.EventSpec e) {
        eventIds.add(e.id());
        ResourceRef subject = ResourceRef.parse(e.subject());
        subject = ResourceRef.of(kindOf(subject.kind()), subject.namespace(), subject.name());
        Severity severity = Severity.valueOf(e.severity());
        long until = e.until() == null ? e.at() : e.until();
        int count = e.count() == null ? 1 : e.count();
        List<Fixtures.Wire> out = new ArrayList<>();
        Instant first = at(e.at());
        if (count > 1) {
            out.add(Fixtures.event(tenant, e.id(), e.reason(), severity, subject, first, first, 1, e.message()));
            out.add(Fixtures.event(tenant, e.id(), e.reason(), severity, subject, first, at((e.at() + until) / 2),
                    (count + 1) / 2, e.message()));
        }
        out.add(Fixtures.event(tenant, e.id(), e.reason(), severity, subject, first, at(until), count, e.message()));
        if ("prom.alert".equals(e.etype())) {
            return out.stream().map(ScenarioStream::asAlert).toList();
        }
        return out;
    }

    private List<Fixtures.Wire> log(Scenario.LogSpec l) {
        ResourceRef pod = ResourceRef.parse(l.pod());
        pod = ResourceRef.of("Pod", pod.namespace(), pod.name());
        templateIds.add(pod.id() + "#" + l.template());
        int repeat = l.repeat() == null ? 1 : l.repeat();
        int every = l.every() == null ? 10 : l.every();
        List<Fixtures.Wire> out = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            String id = "log-" + Integer.toHexString((pod.id() + l.template()).hashCode()) + "-" + i;
            out.add(Fixtures.log(tenant, id, pod, at(l.at() + (long) i * every), Severity.valueOf(l.severity()),
                    l.errorType(), l.template(), l.message()));
        }
        return out;
    }

    private List<Fixtures.Wire> background(int perPod) {
        List<Fixtures.Wire> out = new ArrayList<>();
        for (Scenario.Workload w : scenario.allWorkloads()) {
            for (Map.Entry<String, String> pod : w.pods().entrySet()) {
                ResourceRef p = ResourceRef.of("Pod", w.namespace(), pod.getKey());
                long start = -900 + rng.nextInt(300);
                for (int i = 0; i < LIFECYCLE.length; i++) {
                    String id = "bg-" + Integer.toHexString(p.id().hashCode()) + "-" + i;
                    eventIds.add(id);
                    out.add(Fixtures.event(tenant, id, LIFECYCLE[i][0], Severity.INFO, p, at(start + i * 2L),
                            LIFECYCLE[i][1].formatted(p.namespace() + "/" + p.name(), pod.getValue())));
                }
                templateIds.add(p.id() + "#bg-healthz");
                for (int i = 0; i < perPod; i++) {
                    out.add(Fixtures.log(tenant, "bg-" + Integer.toHexString(p.id().hashCode()) + "-log-" + i, p,
                            at(-600 + rng.nextInt(1500)), Severity.INFO, null, "bg-healthz",
                            "GET /healthz 200 in " + (1 + rng.nextInt(9)) + "ms"));
                }
            }
        }
        return out;
    }

    private static Fixtures.Wire asAlert(Fixtures.Wire w) {
        String json = new String(w.value(), StandardCharsets.UTF_8)
                .replace("\"etype\":\"k8s.event\"", "\"etype\":\"prom.alert\"");
        return new Fixtures.Wire(w.topic(), w.key(), json.getBytes(StandardCharsets.UTF_8));
    }

    private static String kindOf(String lower) {
        return KindLabels.of(lower);
    }

    private static Instant at(long seconds) {
        return BASE.plusSeconds(seconds);
    }
}
