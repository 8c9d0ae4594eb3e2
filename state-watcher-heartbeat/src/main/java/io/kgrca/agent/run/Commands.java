package io.kgrca.agent.run;

import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.kafka.KafkaRecordPublisher;
import io.kgrca.agent.kafka.RecordPublisher;
import io.kgrca.agent.state.Channel;
import io.kgrca.agent.state.Outgoing;
import io.kgrca.agent.kafka.ReplyReader;
import io.kgrca.common.model.Registration;
import io.kgrca.common.model.RegistrationReply;
import io.kgrca.common.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code register} and {@code deregister} commands of the chart's hooks: one record each on
 * {@code cluster.registry}, key {@code <client>} (the form the control plane parses), sent with the idempotent
 * {@code acks=all} producer and awaited, so the hook Job fails visibly when Kafka did not take it. {@code register}
 * then shows the control plane's answer (accepted or refused, and why) from {@code cluster.registry.replies}.
 */
public final class Commands {

    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

    private Commands() {
    }

    /** The registration record (pure). */
    public static Outgoing registration(AgentConfig config, Instant now) {
        Registration r = new Registration(config.tenant().value(), config.clusterName(), config.version(), now,
                config.metadata());
        return new Outgoing(Channel.REGISTRY, config.tenant().value(), r);
    }

    /** The deregistration tombstone (pure). */
    public static Outgoing deregistration(AgentConfig config) {
        return new Outgoing(Channel.REGISTRY, config.tenant().value(), null);
    }

    /** Exit code of {@code register} when the control plane refused the registration. */
    public static final int REFUSED = 3;

    /** Sends the registration; 0 when acknowledged, 1 otherwise (no reply is awaited). */
    public static int register(AgentConfig config, Clock clock) {
        return send(config, registration(config, clock.instant()), "registration");
    }

    /**
     * Sends the registration, then waits up to {@code replyTimeout} for the control plane's answer on
     * {@code cluster.registry.replies} and prints it to {@code out} (the hook Job's log). Exit codes: 0 accepted, or
     * delivered but the answer could not be read (not authorized, no answer in time: said so); {@value #REFUSED}
     * refused, with the reason; 1 the registration was not acknowledged.
     */
    public static int register(AgentConfig config, Clock clock, Duration replyTimeout, PrintStream out) {
        String tenant = config.tenant().value();
        Outgoing record = registration(config, clock.instant());
        Instant registeredAt = ((Registration) record.value()).registeredAt();
        ReplyReader reader = null;
        String unreadable = null;
        try {
            reader = ReplyReader.open(config.kafka(), Topics.CLUSTER_REGISTRY_REPLIES, tenant,
                    replyTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? replyTimeout : Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            unreadable = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        try {
            int sent = send(config, record, "registration");
            if (sent != 0) {
                return sent;
            }
            if (reader == null) {
                out.println("registration of " + tenant + " delivered; the control plane's answer cannot be read ("
                        + unreadable + ")");
                return 0;
            }
            Optional<RegistrationReply> reply = reader.await(registeredAt, replyTimeout);
            if (reply.isEmpty()) {
                out.println("registration of " + tenant + " delivered; no answer from the control plane within "
                        + replyTimeout.toSeconds() + " s");
                return 0;
            }
            out.println("registration of " + tenant + " " + reply.get().verdict() + ": " + reply.get().reason());
            LOG.info("tenant={} registration {}: {}", tenant, reply.get().verdict(), reply.get().reason());
            return reply.get().accepted() ? 0 : REFUSED;
        } catch (RuntimeException e) {
            out.println("registration of " + tenant + " delivered; the control plane's answer cannot be read ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return 0;
        } finally {
            if (reader != null) {
                reader.close();
            }
        }
    }

    /** Sends the tombstone; 0 when acknowledged, 1 otherwise. */
    public static int deregister(AgentConfig config) {
        return send(config, deregistration(config), "deregistration");
    }

    private static int send(AgentConfig config, Outgoing record, String what) {
        String tenant = config.tenant().value();
        CompletableFuture<Exception> result = new CompletableFuture<>();
        try (RecordPublisher publisher = new KafkaRecordPublisher(config.kafka(), config.topics(), tenant,
                config.lease().identity(), config.intervals().sendTimeout(), config.intervals().sendTimeout())) {
            publisher.publish(record, (r, error) -> result.complete(error));
            publisher.flush();
            Exception error = result.get(config.intervals().sendTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
            if (error != null) {
                LOG.error("tenant={} {} not acknowledged by {}: {}", tenant, what, config.kafka().brokers(), error.toString());
                return 1;
            }
            LOG.info("tenant={} {} sent to {} (cluster {})", tenant, what, config.topics().registry(), config.clusterName());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            LOG.error("tenant={} {} failed: {}", tenant, what, e.toString());
            return 1;
        }
    }
}
