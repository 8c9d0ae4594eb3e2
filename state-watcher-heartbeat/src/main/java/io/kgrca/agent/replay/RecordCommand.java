package io.kgrca.agent.replay;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.k8s.WatchScope;
import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code agent record FILE [--duration D]}: watches the cluster of the current kube context (or the pod's service
 * account) with the agent's informers and writes a timeline until the duration has passed or the process is stopped
 * (SIGTERM, Ctrl-C). Needs no Kafka and no tenant; {@code WATCH_NAMESPACES} and {@code RESYNC_INTERVAL} apply as for
 * {@code run}. Exit codes: 0 written, 1 failed, 2 bad usage.
 */
public final class RecordCommand {

    /** The usage line. */
    public static final String USAGE = "usage: agent record FILE [--duration D]   (D: 30s, 10m, 1h; default: until stopped)";
    private static final Logger LOG = LoggerFactory.getLogger(RecordCommand.class);

    private RecordCommand() {
    }

    /** Runs the command with the arguments after {@code record}. */
    public static int run(String[] args, Env env, PrintStream out, PrintStream err) {
        Path file;
        Duration duration;
        WatchScope scope;
        try {
            if (args.length != 1 && !(args.length == 3 && "--duration".equals(args[1]))) {
                throw new IllegalArgumentException("expected FILE and an optional --duration D");
            }
            file = Path.of(args[0]);
            duration = args.length == 3 ? parseDuration(args[2]) : null;
            scope = new WatchScope("record", AgentConfig.namespaces(env),
                    env.duration("RESYNC_INTERVAL", Duration.ofMinutes(10)));
        } catch (IllegalArgumentException | InvalidConfigurationException e) {
            err.println("record: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (KubernetesClient client = new KubernetesClientBuilder().build();
             Recording recording = Recording.start(client, scope, file, Clock.systemUTC())) {
            Thread hook = new Thread(stop::countDown, "record-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            LOG.info("tenant=record recording {} into {}{}", scope.allNamespaces() ? "all namespaces"
                    : scope.namespaces(), file, duration == null ? " until stopped" : " for " + duration);
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            recording.close();
            Recorder r = recording.recorder();
            out.printf("recorded %d object and %d event entries into %s%s%n", r.objects(), r.events(), file,
                    r.notWatched().isEmpty() ? "" : "; not recorded: " + r.notWatched());
            return r.failure() == null ? 0 : 1;
        } catch (IOException e) {
            err.println("record: cannot write " + file + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            err.println("record: failed: " + e);
            return 1;
        }
    }

    private static Duration parseDuration(String text) {
        return new Env(Map.of("--duration", text)).duration("--duration", null);
    }
}
