package io.kgrca.graphbuilder.analysis;

import io.kgrca.common.model.Severity;
import io.kgrca.graphbuilder.signal.SignalType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small cluster for analysis tests: resources, relations and facts, built fluently. */
final class World {

    static final long T0 = 1_700_000_000_000L;

    final Map<String, Resource> resources = new LinkedHashMap<>();
    final List<Relation> relations = new ArrayList<>();
    final List<Fact> facts = new ArrayList<>();

    World node(String name) {
        resources.put("node//" + name, new Resource("node//" + name, "node", "", name, null, null, Set.of(),
                List.of()));
        return this;
    }

    /** A service with one pod per replica, on {@code node}; pods are {@code <svc>-<i>}. */
    World service(String ns, String svc, String node, int replicas, String... envHosts) {
        String sid = "service/" + ns + "/" + svc;
        resources.put(sid, new Resource(sid, "service", ns, svc, null, "10.96.0." + resources.size(), Set.of(80),
                List.of()));
        String deploy = "deployment/" + ns + "/" + svc;
        String rs = "replicaset/" + ns + "/" + svc + "-7d9f";
        resources.put(deploy, Resource.of(deploy));
        resources.put(rs, Resource.of(rs));
        relations.add(new Relation(deploy, "CONTROLS", rs));
        for (int i = 1; i <= replicas; i++) {
            String pod = pod(ns, svc, i);
            resources.put(pod, new Resource(pod, "pod", ns, svc + "-" + i, "uid-" + svc + "-" + i, null, Set.of(),
                    List.of(envHosts)));
            relations.add(new Relation(rs, "CONTROLS", pod));
            relations.add(new Relation(sid, "SELECTS", pod));
            relations.add(new Relation(pod, "RUNS_ON", "node//" + node));
        }
        return this;
    }

    static String pod(String ns, String svc, int i) {
        return "pod/" + ns + "/" + svc + "-" + i;
    }

    World relation(String from, String type, String to) {
        relations.add(new Relation(from, type, to));
        return this;
    }

    World resource(Resource r) {
        resources.put(r.id(), r);
        return this;
    }

    World fact(String id, SignalKind kind, SignalType type, String resource, long atSeconds, long lastSeconds,
               Severity severity, String message) {
        facts.add(new Fact(id, kind, type, resource, T0 + atSeconds * 1000, T0 + lastSeconds * 1000, 1, severity,
                type.name(), message, null, null));
        return this;
    }

    World event(String id, SignalType type, String resource, long at, String message) {
        return fact(id, SignalKind.EVENT, type, resource, at, at + 30, Severity.WARNING, message);
    }

    World log(String id, SignalType type, String resource, long at, String message) {
        return fact(id, SignalKind.LOG, type, resource, at, at + 60, Severity.ERROR, message);
    }

    Evidence evidence() {
        return new Evidence(facts, resources, relations, false);
    }
}
