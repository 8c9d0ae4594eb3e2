package io.kgrca.controlplane.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.EventsCmd;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.kgrca.common.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows Docker's {@code die} events of the containers one control plane owns and keeps following them: a stream
 * that breaks (the engine restarted, an idle read timeout of the HTTP client) is opened again after a pause, from
 * the second of the last event seen, so that an exit in the gap is still reported. Reports may repeat; the consumer
 * (enqueueing a tenant) is idempotent.
 */
final class DockerExitWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockerExitWatch.class);
    private static final Duration REOPEN_PAUSE = Duration.ofSeconds(1);

    private final DockerClient docker;
    private final Map<String, String> labels;
    private final Consumer<TenantId> onExit;
    private final ScheduledExecutorService reopener = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "docker-exit-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile long sinceEpochSecond;
    private volatile Stream current;

    DockerExitWatch(DockerClient docker, Map<String, String> labels, Consumer<TenantId> onExit) {
        this.docker = docker;
        this.labels = labels;
        this.onExit = onExit;
    }

    /** Opens the stream; events from now on are reported. */
    DockerExitWatch open() {
        sinceEpochSecond = Instant.now().getEpochSecond();
        subscribe();
        return this;
    }

    private synchronized void subscribe() {
        if (closed) {
            return;
        }
        EventsCmd cmd = docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("die")
                .withLabelFilter(labels).withSince(String.valueOf(sinceEpochSecond));
        try {
            current = cmd.exec(new Stream());
        } catch (RuntimeException e) {
            reopenLater(e);
        }
    }

    private void reopenLater(Throwable cause) {
        if (closed) {
            return;
        }
        LOG.warn("Docker event stream ended ({}); reopening in {} from {}", cause == null ? "closed by the engine"
                : cause.toString(), REOPEN_PAUSE, Instant.ofEpochSecond(sinceEpochSecond));
        reopener.schedule(this::subscribe, REOPEN_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() throws Exception {
        closed = true;
        reopener.shutdownNow();
        if (current != null) {
            current.close();
        }
    }

    /** One subscription of the event stream. */
    private final class Stream extends ResultCallback.Adapter<Event> {

        @Override
        public void onNext(Event event) {
            if (event.getTime() != null) {
                sinceEpochSecond = Math.max(sinceEpochSecond, event.getTime());
            }
            var actor = event.getActor();
            Map<String, String> attributes = actor == null ? null : actor.getAttributes();
            String tenant = attributes == null ? null : attributes.get(DockerWorkerRuntime.TENANT);
            if (TenantId.isValid(tenant)) {
                onExit.accept(TenantId.of(tenant));
            }
        }

        @Override
        public void onError(Throwable t) {
            super.onError(t);
            reopenLater(t);
        }

        @Override
        public void onComplete() {
            super.onComplete();
            reopenLater(null);
        }
    }
}
