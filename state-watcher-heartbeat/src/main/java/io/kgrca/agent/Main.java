package io.kgrca.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.replay.RecordCommand;
import io.kgrca.agent.replay.ReplayCommand;
import io.kgrca.agent.replay.ReplayOptions;
import io.kgrca.agent.run.Agent;
import io.kgrca.agent.run.Commands;
import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The agent's entry point, one image for five commands: {@code register} (the chart's post-install and
 * post-upgrade hook), {@code deregister} (the pre-delete hook), {@code run} (the Deployment: heartbeats and
 * Kubernetes watching until SIGTERM), {@code record FILE} (a timeline of the cluster, {@link RecordCommand}) and
 * {@code replay FILE --tenant T} (a timeline published for a tenant, {@link ReplayCommand}). Configuration comes from
 * the environment (see the README). Exit codes: 0 done, 1 failed, 2 bad usage or configuration, 3 registration
 * refused by the control plane.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String USAGE = "usage: agent register|deregister|run (configuration from the environment)\n"
            + "       " + RecordCommand.USAGE.substring("usage: ".length()) + "\n"
            + "       " + ReplayOptions.USAGE.substring("usage: ".length());

    private Main() {
    }

    /** Runs a command and exits with its status ({@code run} returns only on SIGTERM). */
    public static void main(String[] args) {
        System.exit(execute(args, Env.system()));
    }

    /** Runs a command with {@code env}; returns the exit status. */
    public static int execute(String[] args, Env env) {
        if (args.length >= 1 && "record".equals(args[0])) {
            return RecordCommand.run(Arrays.copyOfRange(args, 1, args.length), env, System.out, System.err);
        }
        if (args.length >= 1 && "replay".equals(args[0])) {
            return ReplayCommand.run(Arrays.copyOfRange(args, 1, args.length), env, Clock.systemUTC(), System.out,
                    System.err);
        }
        if (args.length != 1) {
            System.err.println(USAGE);
            return 2;
        }
        AgentConfig config;
        Duration replyTimeout;
        try {
            config = AgentConfig.fromEnv(env);
            replyTimeout = env.duration("REGISTRATION_REPLY_TIMEOUT", Duration.ofSeconds(20));
        } catch (InvalidConfigurationException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }
        return switch (args[0]) {
            case "register" -> Commands.register(config, Clock.systemUTC(), replyTimeout, System.out);
            case "deregister" -> Commands.deregister(config);
            case "run" -> run(config);
            default -> {
                System.err.println(USAGE);
                yield 2;
            }
        };
    }

    private static int run(AgentConfig config) {
        CountDownLatch stopped = new CountDownLatch(1);
        KubernetesClient client = new KubernetesClientBuilder().build();
        Agent agent;
        try {
            agent = Agent.start(config, client, Clock.systemUTC());
        } catch (Exception e) {
            LOG.error("tenant={} agent failed to start: {}", config.tenant(), e.toString(), e);
            client.close();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("tenant={} SIGTERM: stopping", config.tenant());
            try {
                agent.close();
            } finally {
                client.close();
                stopped.countDown();
            }
        }, "agent-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
