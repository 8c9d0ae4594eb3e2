package io.kgrca.graphbuilder;

import io.kgrca.common.topic.Topics;
import io.kgrca.common.worker.WorkerLauncher;

import java.util.List;

/**
 * The graph-builder worker: consumes {@code events.normalized}, {@code logs.normalized},
 * {@code state.k8s.resource} and {@code state.k8s.topology} and writes the tenants' knowledge graphs to Neo4j; by
 * {@code PLACEMENT}, one tenant's dedicated worker (group {@code graph-builder-<client>}, {@link GraphBuilderFactory})
 * or an instance of the pool (group {@code graph-builder.pool}, {@link GraphPoolFactory}). Configuration is the
 * environment (see the module README).
 */
public final class GraphBuilderMain {

    /** The worker name, which names its consumer group and container. */
    public static final String WORKER = "graph-builder";
    /** The topics read unless {@code INPUT_TOPICS} says otherwise. */
    public static final List<String> TOPICS = List.of(Topics.EVENTS_NORMALIZED, Topics.LOGS_NORMALIZED,
            Topics.STATE_K8S_RESOURCE, Topics.STATE_K8S_TOPOLOGY);

    private GraphBuilderMain() {
    }

    /** Runs until SIGTERM. */
    public static void main(String[] args) {
        WorkerLauncher.main(WORKER, TOPICS, new GraphBuilderFactory(), GraphPoolFactory::start, args);
    }
}
