package io.kgrca.graphbuilder.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.tenant.TenantId;
import io.kgrca.common.worker.WorkerLauncher;
import io.kgrca.graphbuilder.scenario.Scenario;
import io.kgrca.graphbuilder.scenario.ScenarioStream;
import io.kgrca.testsupport.KafkaBroker;
import io.kgrca.testsupport.KafkaBrokerExtension;
import io.kgrca.testsupport.Neo4jExtension;
import io.kgrca.testsupport.Neo4jServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eight scripted fault scenarios ({@code src/test/resources/scenarios}), each fed as its own tenant's topic
 * streams with noise, through real workers, a real broker and a real Neo4j. For each, the incident of the
 * scenario's symptom is asked for its ranked root causes over HTTP, and the rank of the injected root cause is
 * recorded. The table of ranks is written to {@code target/rca-scenarios.md} (copied into docs/rca-scenarios.md).
 */
@ExtendWith({KafkaBrokerExtension.class, Neo4jExtension.class})
class RcaScenariosIT {

    private record Outcome(Scenario scenario, int incidentRank, int symptomRank, JsonNode incident,
                           JsonNode symptom, int signals, int noiseSignals, List<String> noiseInIncident) {
    }

    @Test
    void theInjectedRootCauseRanksFirstInAtLeastSevenScenariosAndInTheTopThreeOfAll(KafkaBroker broker,
                                                                                   Neo4jServer neo4j)
            throws Exception {
        WorkerHarness.createTopics(broker);
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<Scenario> scenarios = Scenario.files().stream().map(Scenario::load).toList();
        List<TenantId> tenants = new ArrayList<>();
        List<ScenarioStream> streams = new ArrayList<>();
        List<WorkerLauncher.Running> workers = new ArrayList<>();
        try {
            for (int i = 0; i < scenarios.size(); i++) {
                TenantId t = TenantId.of("rca" + (i + 1) + "-" + run);
                tenants.add(t);
                ScenarioStream stream = new ScenarioStream(scenarios.get(i), t);
                streams.add(stream);
                workers.add(WorkerHarness.start(broker, neo4j.boltUri(), t));
            }
            for (int i = 0; i < scenarios.size(); i++) {
                WorkerHarness.produce(broker, streams.get(i).state());
                WorkerHarness.produce(broker, streams.get(i).signals());
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) {
                outcomes.add(evaluate(broker, neo4j, scenarios.get(i), tenants.get(i), streams.get(i),
                        workers.get(i)));
            }
            Path table = writeTable(outcomes);
            System.out.println(Files.readString(table));

            assertThat(outcomes).as("scenarios whose injected root cause ranks first")
                    .filteredOn(o -> o.incidentRank() == 1).hasSizeGreaterThanOrEqualTo(7);
            assertThat(outcomes).allSatisfy(o -> {
                assertThat(o.incidentRank()).as(o.scenario().name() + ": rank for its incident").isBetween(1, 3);
                assertThat(o.symptomRank()).as(o.scenario().name() + ": rank for its symptom").isBetween(1, 3);
            });
        } finally {
            for (WorkerLauncher.Running w : workers) {
                w.close();
            }
        }
    }

    private Outcome evaluate(KafkaBroker broker, Neo4jServer neo4j, Scenario scenario, TenantId tenant,
                             ScenarioStream stream, WorkerLauncher.Running worker) throws Exception {
        int expected = stream.eventIds().size() + stream.templateIds().size();
        WorkerHarness.awaitCaughtUp(broker, tenant, Duration.ofMinutes(3));
        Awaitility.await(scenario.name() + " signals in the graph").atMost(Duration.ofMinutes(1))
                .until(() -> GraphTestSupport.count(neo4j, "MATCH (s:Signal {tenant: $t}) RETURN count(s)",
                        Map.of("t", tenant.value())) == expected);
        JsonNode symptom = getJson(worker, "/rca/root-causes?limit=10&signal=" + WorkerHarness.enc(scenario.symptom()));
        String incidentId = symptom.path("incident").path("id").asText();
        JsonNode incident = getJson(worker, "/rca/incidents/" + incidentId + "?limit=10");
        List<String> members = new ArrayList<>();
        incident.path("members").forEach(m -> members.add(m.path("id").asText()));
        List<String> noise = members.stream().filter(stream.noiseIds()::contains).sorted().toList();
        return new Outcome(scenario, rankOf(incident, scenario), rankOf(symptom, scenario), incident, symptom,
                expected, stream.noiseIds().size(), noise);
    }

    private static JsonNode getJson(WorkerLauncher.Running worker, String path) throws Exception {
        HttpResponse<String> response = WorkerHarness.get(worker.httpPort(), path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JsonCodec.shared().mapper().readTree(response.body());
    }

    /** 1-based rank of the first injected root cause among the answer's candidates; 0 when absent. */
    private static int rankOf(JsonNode answer, Scenario scenario) {
        for (JsonNode cause : answer.path("root_causes")) {
            if (scenario.rootCauses().contains(cause.path("signal").path("id").asText())) {
                return cause.path("rank").asInt();
            }
        }
        return 0;
    }

    private static Path writeTable(List<Outcome> outcomes) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("| # | scenario | injected root cause | signals (noise) | incident size (noise) | rank in incident "
                + "| score | rank for symptom | ranked first instead |\n|---|---|---|---|---|---|---|---|---|\n");
        int i = 1;
        for (Outcome o : outcomes) {
            JsonNode causes = o.incident().path("root_causes");
            JsonNode first = causes.path(0).path("signal");
            String rootScore = "";
            for (JsonNode c : causes) {
                if (o.scenario().rootCauses().contains(c.path("signal").path("id").asText())) {
                    rootScore = String.format("%.3f", c.path("score").asDouble());
                    break;
                }
            }
            md.append("| ").append(i++).append(" | ").append(o.scenario().name()).append(" | `")
                    .append(o.scenario().rootCauses().get(0)).append("` | ").append(o.signals()).append(" (")
                    .append(o.noiseSignals()).append(") | ")
                    .append(o.incident().path("incident").path("size").asLong()).append(" (")
                    .append(o.noiseInIncident().size()).append(") | ")
                    .append(o.incidentRank() == 0 ? "not ranked" : o.incidentRank()).append(" | ").append(rootScore)
                    .append(" | ").append(o.symptomRank() == 0 ? "not ranked" : o.symptomRank()).append(" | ")
                    .append(o.incidentRank() == 1 ? "" : "`" + first.path("id").asText() + "` ("
                            + first.path("type").asText() + ")").append(" |\n");
        }
        md.append("\nTop three per scenario (incident ranking):\n\n");
        for (Outcome o : outcomes) {
            md.append("- ").append(o.scenario().name()).append(": ");
            List<String> top = new ArrayList<>();
            for (JsonNode c : o.incident().path("root_causes")) {
                if (top.size() == 3) {
                    break;
                }
                top.add(c.path("rank").asInt() + ". `" + c.path("signal").path("id").asText() + "` "
                        + c.path("signal").path("type").asText() + " " + String.format("%.3f", c.path("score")
                        .asDouble()));
            }
            md.append(String.join("; ", top));
            if (!o.noiseInIncident().isEmpty()) {
                md.append(" (noise in the incident: ").append(String.join(", ", o.noiseInIncident())).append(')');
            }
            md.append('\n');
        }
        Path out = Path.of("target", "rca-scenarios.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        return out;
    }
}
