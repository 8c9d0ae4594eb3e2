package io.kgrca.rcaeval.it;

import io.kgrca.testsupport.Neo4jServer;
import org.neo4j.driver.Session;

import java.util.Map;
import java.util.TreeMap;

/** Node counts per label set and relationship counts per type of one tenant's graph. */
final class GraphCounts {

    private GraphCounts() {
    }

    static Map<String, Long> of(Neo4jServer neo4j, String tenant) {
        Map<String, Long> counts = new TreeMap<>();
        try (Session session = neo4j.driver().session()) {
            session.run("MATCH (n {tenant: $t}) UNWIND labels(n) AS l RETURN l AS k, count(*) AS c", Map.of("t", tenant))
                    .list().forEach(r -> counts.put("node:" + r.get("k").asString(), r.get("c").asLong()));
            session.run("MATCH ()-[r {tenant: $t}]->() RETURN type(r) AS k, count(*) AS c", Map.of("t", tenant))
                    .list().forEach(r -> counts.put("link:" + r.get("k").asString(), r.get("c").asLong()));
        }
        return counts;
    }
}
