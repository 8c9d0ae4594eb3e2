package io.kgrca.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ServiceUnavailableException;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(Neo4jExtension.class)
class Neo4jServerIT {

    @Test
    void aStoppedServerRefusesBoltAndARestartedOneStillHasTheData(@TempDir Path home) {
        try (Neo4jServer neo4j = Neo4jServer.startStandalone(home)) {
            try (Session s = neo4j.driver().session()) {
                s.run("CREATE (:Probe {name: 'kept'})").consume();
            }

            neo4j.stop();

            assertThat(neo4j.running()).isFalse();
            assertThatThrownBy(() -> connect(neo4j.boltPort())).isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> {
                try (Session s = neo4j.driver().session()) {
                    s.run("RETURN 1").consume();
                }
            }).isInstanceOf(ServiceUnavailableException.class);

            neo4j.start();

            assertThat(neo4j.boltUri()).isEqualTo("bolt://127.0.0.1:" + neo4j.boltPort());
            try (Session s = neo4j.driver().session()) {
                assertThat(s.run("MATCH (p:Probe) RETURN p.name AS name").single().get("name").asString())
                        .isEqualTo("kept");
            }
        }
    }

    @Test
    void clearDeletesNodesAndRelationshipsButKeepsConstraints(Neo4jServer neo4j) {
        try (Session s = neo4j.driver().session()) {
            s.run("CREATE CONSTRAINT probe_id IF NOT EXISTS FOR (p:ClearProbe) REQUIRE p.id IS UNIQUE").consume();
            s.run("CREATE (:ClearProbe {id: 1})-[:LINKS]->(:ClearProbe {id: 2})").consume();
        }

        neo4j.clear();

        try (Session s = neo4j.driver().session()) {
            assertThat(s.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong()).isZero();
            assertThat(s.run("SHOW CONSTRAINTS YIELD name WHERE name = 'probe_id' RETURN count(*) AS c").single()
                    .get("c").asLong()).isEqualTo(1);
        }
    }

    private static void connect(int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        }
    }
}
