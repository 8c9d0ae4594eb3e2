package io.kgrca.e2e;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;

/**
 * A Testcontainers start-up check for a command container: its start is complete when it has exited, whatever its
 * exit status (Testcontainers' own one-shot strategy fails a non-zero exit, which some steps expect).
 */
final class RunToExit extends StartupCheckStrategy {

    @Override
    public StartupStatus checkStartupState(DockerClient docker, String containerId) {
        return Boolean.TRUE.equals(getCurrentState(docker, containerId).getRunning()) ? StartupStatus.NOT_YET_KNOWN
                : StartupStatus.SUCCESSFUL;
    }
}
