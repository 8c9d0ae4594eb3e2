package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs the informers: the kinds of {@link WatchPlan} at the versions the API server serves (asked once at start,
 * {@link ApiDiscovery}; an unserved kind is logged once and skipped) and core/v1 Events, in every namespace or one
 * informer per kind and namespace when the scope names namespaces; cluster-scoped kinds (Node,
 * PersistentVolume) always cluster-wide. Every notification goes to the {@link WatchSink}: the agent's state thread
 * when it runs, a timeline file when it records.
 *
 * <p>All replicas watch, leader or not, so a standby's view is warm when it takes over. An informer that cannot
 * list because the kind is forbidden (RBAC) or not served is given up: logged once, counted in the agent's stats,
 * and left out of readiness, so the other kinds go on. Other failures (API server down) are retried with fabric8's
 * backoff, and the agent is not ready until every remaining informer has synced.
 */
public final class ClusterWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatcher.class);

    private final KubernetesClient client;
    private final WatchScope scope;
    private final WatchSink sink;
    private final String tenant;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Set<SharedIndexInformer<?>> givenUp = ConcurrentHashMap.newKeySet();
    private final Set<String> givenUpKinds = ConcurrentHashMap.newKeySet();

    /** A watcher of {@code scope} feeding {@code sink}; call {@link #start()}. */
    public ClusterWatcher(KubernetesClient client, WatchScope scope, WatchSink sink) {
        this.client = client;
        this.scope = scope;
        this.sink = sink;
        this.tenant = scope.label();
    }

    /** Starts every informer without waiting for the initial lists (discovery first, once). */
    public ClusterWatcher start() {
        long resync = scope.resync().toMillis();
        WatchPlan.Plan plan = WatchPlan.plan(new ApiDiscovery(client, tenant));
        for (String skipped : plan.skipped()) {
            LOG.info("tenant={} {} is not served by this API server: not watched", tenant, skipped);
            sink.kindUnserved(skipped);
        }
        for (WatchedKind kind : plan.watched()) {
            for (Informable<? extends HasMetadata> scope : scopes(kind)) {
                startInformer(kind.describe(), scope.runnableInformer(resync), objectHandler(kind));
            }
        }
        for (Informable<Event> scope : scopes(Event.class)) {
            startInformer("Event", scope.runnableInformer(resync), eventHandler());
        }
        LOG.info("tenant={} watching {} kinds and core/v1 events in {}: {}", tenant, plan.watched().size(),
                scope.allNamespaces() ? "all namespaces" : "namespaces " + scope.namespaces(),
                plan.watched().stream().map(WatchedKind::describe).toList());
        return this;
    }

    /** True when every informer that has not been given up (forbidden, not served) has completed its list. */
    public boolean synced() {
        return !informers.isEmpty() && informers.stream().allMatch(i -> givenUp.contains(i) || i.hasSynced());
    }

    /** How many informers run. */
    public int informerCount() {
        return informers.size();
    }

    private List<Informable<? extends HasMetadata>> scopes(WatchedKind kind) {
        if (!kind.namespaced()) {
            return List.of(kind.generic() ? client.genericKubernetesResources(kind.apiVersion(), kind.kind())
                    : client.resources(kind.type()));
        }
        if (kind.generic()) {
            var ops = client.genericKubernetesResources(kind.apiVersion(), kind.kind());
            if (scope.allNamespaces()) {
                return List.of(ops.inAnyNamespace());
            }
            return scope.namespaces().stream().<Informable<? extends HasMetadata>>map(ops::inNamespace).toList();
        }
        return new ArrayList<>(scopes(kind.type()));
    }

    private <T extends HasMetadata> List<Informable<T>> scopes(Class<T> type) {
        var ops = client.resources(type);
        if (scope.allNamespaces()) {
            return List.of(ops.inAnyNamespace());
        }
        List<Informable<T>> scopes = new ArrayList<>();
        scope.namespaces().forEach(ns -> scopes.add(ops.inNamespace(ns)));
        return scopes;
    }

    private <T extends HasMetadata> void startInformer(String kind, SharedIndexInformer<T> informer,
                                                        ResourceEventHandler<? super T> handler) {
        informer.addEventHandler(handler);
        informer.exceptionHandler((started, t) -> {
            InformerFailure failure = InformerFailure.of(t);
            if (failure == InformerFailure.RETRY) {
                LOG.warn("tenant={} {} informer error (retrying): {}", tenant, kind, t.toString());
                return true;
            }
            givenUp.add(informer);
            if (givenUpKinds.add(kind)) {
                String why = failure == InformerFailure.FORBIDDEN ? "forbidden (not granted by the agent's role)"
                        : "not served by the API server";
                LOG.warn("tenant={} {} is {}: not watched, the other kinds go on ({})", tenant, kind, why, t.getMessage());
                if (failure == InformerFailure.FORBIDDEN) {
                    sink.kindForbidden(kind);
                } else {
                    sink.kindUnserved(kind);
                }
            }
            return false;
        });
        informers.add(informer);
        informer.start().whenComplete((ok, error) -> {
            if (error != null && !givenUp.contains(informer)) {
                LOG.warn("tenant={} {} informer could not start: {}", tenant, kind, error.toString());
            } else {
                LOG.debug("tenant={} {} informer synced", tenant, kind);
            }
        });
    }

    private ResourceEventHandler<HasMetadata> objectHandler(WatchedKind kind) {
        if (!kind.generic()) {
            return handler(sink::objectChanged, sink::objectDeleted);
        }
        // A generic object is recognised by its kind and apiVersion, which a list's items may leave out.
        Consumer<HasMetadata> typed = o -> {
            if (o instanceof GenericKubernetesResource g && g.getKind() == null) {
                g.setKind(kind.kind());
                g.setApiVersion(kind.apiVersion());
            }
        };
        return handler(typed.andThen(sink::objectChanged), typed.andThen(sink::objectDeleted));
    }

    private ResourceEventHandler<Event> eventHandler() {
        return handler(sink::eventChanged, sink::eventDeleted);
    }

    /** An informer handler: additions and updates are changes (the newest state counts), deletions are deletions. */
    private static <T> ResourceEventHandler<T> handler(Consumer<T> changed,
                                                       Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                deleted.accept(obj);
            }
        };
    }

    /** Stops every informer. */
    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::stop);
        informers.clear();
    }
}
