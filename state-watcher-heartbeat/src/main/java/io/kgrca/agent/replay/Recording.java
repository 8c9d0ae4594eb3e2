package io.kgrca.agent.replay;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kgrca.agent.k8s.ClusterWatcher;
import io.kgrca.agent.k8s.WatchScope;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * A running recording: the agent's own informers ({@link ClusterWatcher}, same kinds, versions and namespaces as
 * {@code run}) feeding a {@link Recorder} that writes a new timeline file. Closing stops the informers, then flushes
 * and closes the file.
 */
public final class Recording implements AutoCloseable {

    private final ClusterWatcher watcher;
    private final Recorder recorder;

    private Recording(ClusterWatcher watcher, Recorder recorder) {
        this.watcher = watcher;
        this.recorder = recorder;
    }

    /** Starts recording what {@code scope} covers into {@code file}, which must not exist yet. */
    public static Recording start(KubernetesClient client, WatchScope scope, Path file, Clock clock) throws IOException {
        Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        Recorder recorder = new Recorder(out, clock);
        try {
            return new Recording(new ClusterWatcher(client, scope, recorder).start(), recorder);
        } catch (RuntimeException e) {
            recorder.close();
            throw e;
        }
    }

    /** True when every informer has listed (the cluster's state at the start is in the file). */
    public boolean synced() {
        return watcher.synced();
    }

    /** What was written so far. */
    public Recorder recorder() {
        return recorder;
    }

    /** Stops watching, flushes and closes the file. */
    @Override
    public void close() {
        try {
            watcher.close();
        } finally {
            recorder.close();
        }
    }
}
