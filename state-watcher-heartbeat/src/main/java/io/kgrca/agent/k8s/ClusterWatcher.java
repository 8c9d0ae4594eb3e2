package io.kgrca.agent.k8s;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kgrca.agent.config.AgentConfig;
import io.kgrca.agent.run.AgentCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the informers: Pod, Service, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob and core/v1
 * Event in every namespace, or one informer per kind and namespace when {@code WATCH_NAMESPACES} is set, plus
 * Node (cluster-scoped, always: pods run on them). Every notification goes to the {@link AgentCore}.
 *
 * <p>All replicas watch, leader or not, so a standby's view is warm when it takes over. An informer that cannot
 * list (no permission, API server down) keeps retrying with fabric8's backoff and the agent is not ready
 * until every informer has synced.
 */
public final class ClusterWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatcher.class);
    private static final List<Class<? extends HasMetadata>> NAMESPACED = List.of(Pod.class, Service.class,
            Deployment.class, ReplicaSet.class, StatefulSet.class, DaemonSet.class, Job.class, CronJob.class);

    private final KubernetesClient client;
    private final AgentConfig config;
    private final AgentCore core;
    private final String tenant;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    /** A watcher feeding {@code core}; call {@link #start()}. */
    public ClusterWatcher(KubernetesClient client, AgentConfig config, AgentCore core) {
        this.client = client;
        this.config = config;
        this.core = core;
        this.tenant = config.tenant().value();
    }

    /** Starts every informer without waiting for the initial lists. */
    public ClusterWatcher start() {
        long resync = config.intervals().resync().toMillis();
        for (Class<? extends HasMetadata> type : NAMESPACED) {
            for (Informable<? extends HasMetadata> scope : scopes(type)) {
                startInformer(type.getSimpleName(), scope.runnableInformer(resync), objectHandler());
            }
        }
        startInformer("Node", client.nodes().runnableInformer(resync), objectHandler());
        for (Informable<Event> scope : scopes(Event.class)) {
            startInformer("Event", scope.runnableInformer(resync), eventHandler());
        }
        LOG.info("tenant={} watching {} in {}", tenant, "9 kinds and core/v1 events",
                config.watchesAllNamespaces() ? "all namespaces" : "namespaces " + config.watchNamespaces());
        return this;
    }

    /** True when every informer has completed its initial list. */
    public boolean synced() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** How many informers run. */
    public int informerCount() {
        return informers.size();
    }

    private <T extends HasMetadata> List<Informable<T>> scopes(Class<T> type) {
        var ops = client.resources(type);
        if (config.watchesAllNamespaces()) {
            return List.of(ops.inAnyNamespace());
        }
        List<Informable<T>> scopes = new ArrayList<>();
        config.watchNamespaces().forEach(ns -> scopes.add(ops.inNamespace(ns)));
        return scopes;
    }

    private <T extends HasMetadata> void startInformer(String kind, SharedIndexInformer<T> informer,
                                                        ResourceEventHandler<? super T> handler) {
        informer.addEventHandler(handler);
        informer.exceptionHandler((started, t) -> {
            LOG.warn("tenant={} {} informer error (retrying): {}", tenant, kind, t.toString());
            return true;
        });
        informers.add(informer);
        informer.start().whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("tenant={} {} informer could not start: {}", tenant, kind, error.toString());
            } else {
                LOG.debug("tenant={} {} informer synced", tenant, kind);
            }
        });
    }

    private ResourceEventHandler<HasMetadata> objectHandler() {
        return handler(core::objectChanged, core::objectDeleted);
    }

    private ResourceEventHandler<Event> eventHandler() {
        return handler(core::eventChanged, core::eventDeleted);
    }

    /** An informer handler: additions and updates are changes (the newest state counts), deletions are deletions. */
    private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> changed,
                                                       java.util.function.Consumer<T> deleted) {
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
