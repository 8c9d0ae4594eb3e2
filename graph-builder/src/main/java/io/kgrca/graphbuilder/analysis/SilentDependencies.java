package io.kgrca.graphbuilder.analysis;

import io.kgrca.common.model.Severity;
import io.kgrca.graphbuilder.signal.SignalType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Infers the candidate that no signal names: a dependency that shows nothing of its own (its logs stay below the
 * level that is forwarded, or it has none) while its callers time out, are refused or get errors calling it. The
 * callers' symptoms all point at it through call edges ({@link Channel#CALL}); a common cause of theirs is the
 * dependency itself. Pure.
 *
 * <p>For a callee with at least {@link #MIN_SYMPTOMS} such caller symptoms and no abnormal signal of its own (nor of
 * the pods behind it, for a service), one {@link SignalKind#INFERRED} signal of type
 * {@link SignalType#DEPENDENCY_UNRESPONSIVE} is added: on the service's one pod when it has exactly one, else on the
 * service; its onset is just before the first symptom. It is a candidate like any other and is linked by the same
 * rules, so a change upstream of the dependency (a new NetworkPolicy that selects it) still explains it.
 */
final class SilentDependencies {

    /** Caller symptoms needed before a silent dependency is suspected. */
    static final int MIN_SYMPTOMS = 2;
    private static final Set<SignalType> CALLER_SYMPTOMS = EnumSet.of(SignalType.TIMEOUT,
            SignalType.CONNECTION_REFUSED, SignalType.HTTP_5XX, SignalType.RESOURCE_EXHAUSTED,
            SignalType.DEPENDENCY_SLOW);

    private SilentDependencies() {
    }

    /** The inferred signals for {@code facts} over {@code graph}. */
    static List<Fact> infer(List<Fact> facts, DependencyGraph graph, Evidence evidence) {
        Map<String, List<Fact>> byResource = new HashMap<>();
        Set<String> troubled = new HashSet<>();
        for (Fact f : facts) {
            byResource.computeIfAbsent(f.resourceId(), k -> new ArrayList<>()).add(f);
            if (f.type().isAbnormal()) {
                troubled.add(f.resourceId());
            }
        }
        Map<String, List<String>> backends = new HashMap<>();
        for (Impact i : graph.edges()) {
            if (i.channel() == Channel.BACKEND) {
                backends.computeIfAbsent(i.to(), k -> new ArrayList<>()).add(i.from());
            }
        }
        Map<String, List<Fact>> symptomsByCallee = new TreeMap<>();
        for (Impact i : graph.edges()) {
            if (i.channel() != Channel.CALL) {
                continue;
            }
            for (Fact f : byResource.getOrDefault(i.to(), List.of())) {
                if (CALLER_SYMPTOMS.contains(f.type())) {
                    symptomsByCallee.computeIfAbsent(i.from(), k -> new ArrayList<>()).add(f);
                }
            }
        }
        List<Fact> out = new ArrayList<>();
        for (Map.Entry<String, List<Fact>> e : symptomsByCallee.entrySet()) {
            String callee = e.getKey();
            List<String> pods = backends.getOrDefault(callee, List.of());
            if (e.getValue().size() < MIN_SYMPTOMS || troubled.contains(callee)
                    || pods.stream().anyMatch(troubled::contains)) {
                continue;
            }
            String at = pods.size() == 1 ? pods.get(0) : callee;
            long first = e.getValue().stream().mapToLong(Fact::first).min().orElseThrow() - 1_000;
            long last = e.getValue().stream().mapToLong(Fact::last).max().orElseThrow();
            Set<String> callers = new HashSet<>();
            e.getValue().forEach(f -> callers.add(f.resourceId()));
            out.add(new Fact(at + "#inferred:" + SignalType.DEPENDENCY_UNRESPONSIVE + "@" + first, SignalKind.INFERRED,
                    SignalType.DEPENDENCY_UNRESPONSIVE, at, first, last, e.getValue().size(), Severity.WARNING,
                    "NoSignalOfItsOwn", "no signal of its own, while " + callers.size() + " caller(s) show "
                    + e.getValue().size() + " timeouts, refusals or errors calling " + callee, null,
                    "inferred from its callers' symptoms"));
        }
        return out;
    }
}
