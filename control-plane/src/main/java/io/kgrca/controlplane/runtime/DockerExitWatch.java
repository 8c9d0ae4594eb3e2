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
 * Follows Docker's {@code start}, {@code die} and {@code destroy} events of the containers one
 * control plane owns and keeps following them: a stream that breaks (the engine restarted, an idle read timeout of
 * the HTTP client) is opened again after a pause, from the second of the last event seen, so that a change in the
 * gap is still reported. Every event goes to the listener (which keeps the observed state); a {@code die} is also
 * reported as an exit of its tenant. Reports may repeat; both consumers are idempotent.
 */
final class DockerExitWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockerExitWatch.class);
    private static final Duration REOPEN_PAUSE = Duration.ofSeconds(1);

    private final DockerClient docker;
    private final Map<String, String> labels;
    private final Consumer<TenantId> onExit;
    private final Listener listener;
    private final ScheduledExecutorService reopener = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "docker-exit-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile long sinceEpochSecond;
    private volatile Stream current;

    /** What the watch reports besides exits. */
    interface Listener {
        /** Container {@code id} changed ({@code action}: start, die or destroy). */
        void changed(String id, String action);

        /** The stream is open ({@code true}) or broken until it is reopened ({@code false}). */
        void streaming(boolean open);
    }

    DockerExitWatch(DockerClient docker, Map<String, String> labels, Consumer<TenantId> onExit, Listener listener) {
        this.docker = docker;
        this.labels = labels;
        this.onExit = onExit;
        this.listener = listener;
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
        EventsCmd cmd = docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("start", "die", "destroy")
                .withLabelFilter(labels).withSince(String.valueOf(sinceEpochSecond));
        try {
            current = cmd.exec(new Stream());
            listener.streaming(true);
        } catch (RuntimeException e) {
            reopenLater(e);
        }
    }

    private void reopenLater(Throwable cause) {
        listener.streaming(false);
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
        listener.streaming(false);
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
            String id = actor == null ? event.getId() : actor.getId();
            String action = event.getAction() == null ? event.getStatus() : event.getAction();
            if (id != null) {
                listener.changed(id, action);
            }
            Map<String, String> attributes = actor == null ? null : actor.getAttributes();
            String tenant = attributes == null ? null : attributes.get(DockerWorkerRuntime.TENANT);
            if ("die".equals(action) && TenantId.isValid(tenant)) {
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
