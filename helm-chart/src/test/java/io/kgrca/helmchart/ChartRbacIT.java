package io.kgrca.helmchart;

import com.fasterxml.jackson.databind.JsonNode;
import io.kgrca.agent.k8s.WatchPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's read-only ClusterRole grants exactly the kinds the agent watches ({@link WatchPlan#rbacResources()},
 * every version it may fall back to, and Events): a kind added to the agent without the role fails here, and so
 * does a resource granted that the agent does not read.
 */
class ChartRbacIT {

    private static JsonNode readRole() {
        Helm.Result r = Helm.template("client.id=acme", "client.kafka.brokers=kafka.example.com:9092");
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return Manifests.parse(r.stdout()).get("ClusterRole", "kg-rca-agent-read");
    }

    @Test
    void theClusterRoleGrantsEveryWatchedKindAndNothingMore() {
        Set<String> granted = new TreeSet<>();
        for (JsonNode rule : readRole().path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    granted.add(group.asText() + "/" + resource.asText());
                }
            }
        }

        assertThat(granted).containsExactlyInAnyOrderElementsOf(WatchPlan.rbacResources());
        assertThat(granted).contains("/secrets", "/configmaps", "discovery.k8s.io/endpointslices",
                "cert-manager.io/certificates");
    }

    @Test
    void everyRuleIsReadOnlyWithoutWildcardsNamesOrNonResourceUrls() {
        List<String> problems = new ArrayList<>();
        for (JsonNode rule : readRole().path("rules")) {
            if (!rule.path("verbs").toString().equals("[\"get\",\"list\",\"watch\"]")) {
                problems.add("verbs " + rule.path("verbs"));
            }
            if (rule.has("resourceNames") || rule.has("nonResourceURLs")) {
                problems.add("names or URLs in " + rule);
            }
            if (rule.toString().contains("\"*\"")) {
                problems.add("wildcard in " + rule);
            }
        }
        assertThat(problems).isEmpty();
    }
}
