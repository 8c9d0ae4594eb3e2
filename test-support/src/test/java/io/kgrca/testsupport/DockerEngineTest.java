package io.kgrca.testsupport;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerEngineTest {

    @Test
    void withoutAnEngineATestIsSkippedWithAClearMessage() {
        assertThatThrownBy(() -> DockerEngine.noEngine("unix:///nowhere.sock", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no Docker engine reachable at unix:///nowhere.sock")
                .hasMessageContaining("KG_REQUIRE_DOCKER=true");
    }

    @Test
    void withoutAnEngineATestFailsWhenCiRequiresDocker() {
        assertThatThrownBy(() -> DockerEngine.noEngine("unix:///nowhere.sock", true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("no Docker engine reachable at unix:///nowhere.sock")
                .hasMessageContaining("KG_REQUIRE_DOCKER=true requires one");
    }
}
