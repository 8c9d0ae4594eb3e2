package io.kgrca.agent.kafka;

import io.kgrca.agent.state.Outgoing;

import java.util.function.BiConsumer;

/** Sends the agent's records; an interface so the deciding code can be tested without a broker. */
public interface RecordPublisher extends AutoCloseable {

    /**
     * Sends {@code record} asynchronously; {@code done} is called once with null on acknowledgement or with the
     * error, possibly on another thread. Never throws for a send failure.
     */
    void publish(Outgoing record, BiConsumer<Outgoing, Exception> done);

    /** Waits until every record handed over so far is acknowledged or failed. */
    void flush();

    @Override
    void close();
}
