package io.kgrca.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ServiceUnavailableException;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Neo4jServerIT {

    @Test
    void aStoppedServerRefusesBoltAndARestartedOneStillHasTheData(@TempDir Path home) {
        try (Neo4jServer neo4j = Neo4jServer.startStandalone(home)) {
            try (Session s = neo4j.driver().session()) {
                s.run("CREATE (:Probe {name: 'kept'})").consume();
            }

            neo4j.stop();

            assertThatThrownBy(() -> {
                try (Session s = neo4j.driver().session()) {
                    s.run("RETURN 1").consume();
                }
            }).isInstanceOf(ServiceUnavailableException.class);

            neo4j.start();

            try (Session s = neo4j.driver().session()) {
                assertThat(s.run("MATCH (p:Probe) RETURN p.name AS name").single().get("name").asString())
                        .isEqualTo("kept");
            }
        }
    }
}
