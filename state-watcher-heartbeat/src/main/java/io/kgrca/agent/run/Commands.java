package io.kgrca.agent.run;

import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.kafka.KafkaRecordPublisher;
import io.kgrca.agent.kafka.RecordPublisher;
import io.kgrca.agent.state.Channel;
import io.kgrca.agent.state.Outgoing;
import io.kgrca.common.model.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code register} and {@code deregister} commands of the chart's hooks: one record each on
 * {@code cluster.registry}, key {@code <client>} (the form the control plane parses), sent with the idempotent
 * {@code acks=all} producer and awaited, so the hook Job fails visibly when Kafka did not take it.
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

    /** Sends the registration; 0 when acknowledged, 1 otherwise. */
    public static int register(AgentConfig config, Clock clock) {
        return send(config, registration(config, clock.instant()), "registration");
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
