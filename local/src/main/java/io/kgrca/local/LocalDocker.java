package io.kgrca.local;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.time.Duration;

/**
 * What the local mode asks the Docker engine before choosing its runtime: is there one ({@code DOCKER_HOST}, or
 * {@code unix:///var/run/docker.sock}), and does it hold an image. The engine's own API version, never a forced one.
 */
final class LocalDocker {

    private final DockerClient client;

    LocalDocker() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(30)).build());
    }

    /** True when the engine answers a ping. */
    boolean available() {
        try {
            client.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when the image {@code ref} exists in the engine. */
    boolean imageExists(String ref) {
        try {
            client.inspectImageCmd(ref).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
