package io.kgrca.graphbuilder.analysis;

import io.kgrca.common.model.Severity;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.graphbuilder.signal.SignalType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.kgrca.graphbuilder.analysis.World.pod;
import static org.assertj.core.api.Assertions.assertThat;

class AnalyzerTest {

    private final Analyzer analyzer = new Analyzer(TenantId.of("acme"), AnalysisSettings.defaults());

    private static World shop() {
        return new World().node("n1").node("n2")
                .service("shop", "web", "n1", 2, "http://api:8080")
                .service("shop", "api", "n1", 1)
                .service("data", "db", "n2", 1);
    }

    @Test
    void aCalleesOomKillExplainsItsCallersErrors() {
        World w = shop()
                .event("oom", SignalType.OOM_KILLED, pod("shop", "api", 1), 0, "OOMKilled")
                .event("backoff", SignalType.CRASH_LOOP, pod("shop", "api", 1), 20, "Back-off restarting")
                .log("w1-503", SignalType.HTTP_5XX, pod("shop", "web", 1), 25, "upstream returned 503")
                .log("w2-refused", SignalType.CONNECTION_REFUSED, pod("shop", "web", 2), 22,
                        "dial tcp 10.0.0.1:8080: connection refused");
        Analysis a = analyzer.analyse(w.evidence());
        assertThat(a.listed()).hasSize(1);
        IncidentAnalysis i = a.listed().get(0);
        assertThat(i.members()).hasSize(4);
        assertThat(i.causes().get(0).signal().id()).isEqualTo("oom");
        List<PathStep> path = i.causes().get(0).path();
        assertThat(path.get(path.size() - 1).signal().resourceId()).startsWith("pod/shop/web");
        assertThat(path.get(0).evidence()).isNotEmpty();
    }

    @Test
    void aDependencyThatDegradesQuietlyIsTheCauseEvenWhenItsErrorsComeAfterItsCallers() {
        World w = shop()
                .relation(pod("shop", "api", 1), "DEPENDS_ON", "service/data/db")
                .fact("slow", SignalKind.LOG, SignalType.DEPENDENCY_SLOW, pod("data", "db", 1), 0, 300,
                        Severity.INFO, "duration: 5231.2 ms statement: SELECT ...")
                .log("api-timeout", SignalType.TIMEOUT, pod("shop", "api", 1), 40, "query to db timed out")
                .log("web-503", SignalType.HTTP_5XX, pod("shop", "web", 1), 45, "upstream api returned 503")
                .log("db-clients", SignalType.RESOURCE_EXHAUSTED, pod("data", "db", 1), 90,
                        "FATAL: sorry, too many clients already");
        IncidentAnalysis i = analyzer.analyse(w.evidence()).listed().get(0);
        assertThat(i.members()).hasSize(4);
        assertThat(i.causes().get(0).signal().id()).isEqualTo("slow");
    }

    @Test
    void theSilentDependencyLeadsWhenItsFirstSignalComesAfterTheCallersWithinTheOnsetSlack() {
        World w = shop()
                .log("api-timeout", SignalType.TIMEOUT, pod("shop", "api", 1), 0, "call to db.data:5432 timed out")
                .log("db-clients", SignalType.RESOURCE_EXHAUSTED, pod("data", "db", 1), 60,
                        "too many connections");
        IncidentAnalysis i = analyzer.analyse(w.evidence()).listed().get(0);
        assertThat(i.causes().get(0).signal().id()).isEqualTo("db-clients");
    }

    @Test
    void podsOfAFailedNodeAreVictimsOfTheNode() {
        World w = shop()
                .event("nn", SignalType.NODE_NOT_READY, "node//n1", 0, "Node n1 status is now: NodeNotReady")
                .event("p1", SignalType.NODE_NOT_READY, pod("shop", "web", 1), 5, "Node is not ready")
                .event("p2", SignalType.NODE_NOT_READY, pod("shop", "web", 2), 5, "Node is not ready")
                .event("ev", SignalType.EVICTED, pod("shop", "api", 1), 300, "Marking for deletion");
        IncidentAnalysis i = analyzer.analyse(w.evidence()).listed().get(0);
        assertThat(i.causes().get(0).signal().id()).isEqualTo("nn");
        assertThat(i.members()).filteredOn(m -> m.id().equals("p1")).first()
                .extracting(Fact::type).isEqualTo(SignalType.READINESS_FAILED);
    }

    @Test
    void aKernelOomReportOnANodeIsAttributedToThePodWhoseContainerWasKilled() {
        World w = shop()
                .event("kernel", SignalType.OOM_KILLED, "node//n2", 0,
                        "Memory cgroup out of memory: Killed process 4242 (postgres) total-vm:1024kB")
                .fact("restart", SignalKind.STATE, SignalType.CONTAINER_RESTARTED, pod("data", "db", 1), 2, 2,
                        Severity.WARNING, "restarts 0 → 1");
        Analysis a = analyzer.analyse(w.evidence());
        Fact kernel = a.incidents().get(0).members().stream().filter(f -> f.id().equals("kernel")).findFirst()
                .orElseThrow();
        assertThat(kernel.resourceId()).isEqualTo(pod("data", "db", 1));
        assertThat(kernel.note()).contains("attributed");
    }

    @Test
    void aRolloutBeforeCrashLoopsIsTheRootCause() {
        World w = shop()
                .fact("rollout", SignalKind.CHANGE, SignalType.CHANGE_ROLLOUT, "deployment/shop/api", 0, 0,
                        Severity.INFO, "image shop/api:1.4 → shop/api:1.5")
                .event("crash", SignalType.CRASH_LOOP, pod("shop", "api", 1), 60, "Back-off restarting")
                .log("panic", SignalType.FATAL_ERROR, pod("shop", "api", 1), 50, "panic: nil map")
                .log("web-503", SignalType.HTTP_5XX, pod("shop", "web", 1), 70, "upstream returned 503");
        IncidentAnalysis i = analyzer.analyse(w.evidence()).listed().get(0);
        assertThat(i.causes().get(0).signal().id()).isEqualTo("rollout");
        assertThat(i.changes()).extracting(Fact::id).contains("rollout");
    }

    @Test
    void unrelatedFaultsAreSeparateIncidentsAndALoneWarningIsNotListed() {
        World w = shop()
                .event("oom", SignalType.OOM_KILLED, pod("shop", "api", 1), 0, "OOMKilled")
                .event("pull", SignalType.IMAGE_PULL_FAILED, pod("data", "db", 1), 10, "Failed to pull image")
                .event("dnsconfig", SignalType.OTHER_WARNING, pod("shop", "web", 2), 5, "DNSConfigForming");
        Analysis a = analyzer.analyse(w.evidence());
        assertThat(a.listed()).hasSize(2);
        assertThat(a.quiet()).extracting(Fact::id).containsExactly("dnsconfig");
    }

    @Test
    void theResultDoesNotDependOnTheOrderOfTheFacts() {
        World w = shop()
                .relation(pod("shop", "api", 1), "DEPENDS_ON", "service/data/db")
                .event("oom", SignalType.OOM_KILLED, pod("data", "db", 1), 0, "OOMKilled")
                .event("crash", SignalType.CRASH_LOOP, pod("data", "db", 1), 30, "Back-off")
                .log("api-refused", SignalType.CONNECTION_REFUSED, pod("shop", "api", 1), 35, "connection refused")
                .log("web-503", SignalType.HTTP_5XX, pod("shop", "web", 1), 40, "upstream returned 503")
                .log("web2-503", SignalType.HTTP_5XX, pod("shop", "web", 2), 41, "upstream returned 503")
                .event("warn", SignalType.OTHER_WARNING, pod("shop", "web", 2), 5, "something");
        Analysis expected = analyzer.analyse(w.evidence());
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<Fact> shuffled = new ArrayList<>(w.facts);
            Collections.shuffle(shuffled, random);
            Analysis again = analyzer.analyse(new Evidence(shuffled, w.resources, w.relations, false));
            assertThat(again.incidents()).isEqualTo(expected.incidents());
        }
    }

    @Test
    void siblingPodsOfOneWorkloadAreNotCausesOfEachOther() {
        World w = shop()
                .event("oom", SignalType.OOM_KILLED, pod("shop", "web", 1), 0, "OOMKilled")
                .event("probe", SignalType.READINESS_FAILED, pod("shop", "web", 2), 30, "Readiness probe failed");
        Analysis a = analyzer.analyse(w.evidence());
        assertThat(a.incidents()).hasSize(2);
    }

    @Test
    void aChangeOfAConfigMapReachesThePodsThatMountItAndTheirCallers() {
        World w = shop()
                .resource(Resource.of("configmap/shop/api-settings"))
                .relation(pod("shop", "api", 1), "MOUNTS", "configmap/shop/api-settings")
                .fact("cm", SignalKind.CHANGE, SignalType.CHANGE_CONFIG, "configmap/shop/api-settings", 0, 0,
                        Severity.INFO, "data_hash 1a2b → 9f8e")
                .log("cfg", SignalType.CONFIG_ERROR, pod("shop", "api", 1), 40, "invalid configuration: bad URL")
                .log("web-502", SignalType.HTTP_5XX, pod("shop", "web", 1), 60, "upstream api returned 502");
        IncidentAnalysis i = analyzer.analyse(w.evidence()).listed().get(0);
        assertThat(i.members()).extracting(Fact::id).containsExactlyInAnyOrder("cm", "cfg", "web-502");
        assertThat(i.causes().get(0).signal().id()).isEqualTo("cm");
    }

    @Test
    void aDependencyWithoutSignalsOfItsOwnIsInferredFromItsCallersTimeouts() {
        World w = shop()
                .log("t1", SignalType.TIMEOUT, pod("shop", "api", 1), 0, "query to db.data:5432 timed out")
                .log("t2", SignalType.TIMEOUT, pod("shop", "web", 1), 5, "connect to db.data:5432 timed out")
                .log("w503", SignalType.HTTP_5XX, pod("shop", "web", 2), 8, "upstream api returned 503");
        IncidentAnalysis i = analyzer.analyse(w.evidence()).listed().get(0);
        Fact top = i.causes().get(0).signal();
        assertThat(top.kind()).isEqualTo(SignalKind.INFERRED);
        assertThat(top.type()).isEqualTo(SignalType.DEPENDENCY_UNRESPONSIVE);
        assertThat(top.resourceId()).isEqualTo(pod("data", "db", 1));
    }
}
