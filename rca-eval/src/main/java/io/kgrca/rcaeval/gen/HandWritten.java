package io.kgrca.rcaeval.gen;

import io.kgrca.rcaeval.corpus.FaultClass;
import io.kgrca.rcaeval.corpus.Scenario;
import io.kgrca.rcaeval.corpus.Truth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * The hand-written scenarios: each an explicit cluster (names, call graph, how callers name their dependencies) and
 * fault taken from a public incident write-up or the Kubernetes documentation (cited in {@code source}), with the
 * source's own log lines where it quotes them. Timings and the ordinary life around the fault use the generator's
 * building blocks with a fixed seed per scenario, so the files are reproducible. Alternate scenarios are held out.
 */
public final class HandWritten {

    private static final Cluster.Role APP = Cluster.Role.APP;
    private static final Cluster.Role DB = Cluster.Role.DB;

    private HandWritten() {
    }

    /** A scenario under construction. */
    private record Draft(Random rng, Cluster cluster, Tape tape, Instant onset) {
    }

    private static Draft draft(long seed, String start, String... nodes) {
        Random rng = new Random(seed);
        Cluster c = Cluster.of(rng, nodes);
        Instant t0 = Instant.parse(start);
        return new Draft(rng, c, new Tape(rng, c, t0), t0.plusSeconds(600));
    }

    private static Scenario finish(Draft d, String name, FaultClass fc, String source, int index,
                                   BiFunction<Tape, Instant, Injected> fault) {
        Baseline.bootstrap(d.tape());
        Injected main = fault.apply(d.tape(), d.onset());
        Baseline.unrelatedWarnings(d.tape(), d.onset(), main.affected);
        Baseline.life(d.tape(), d.onset().plusSeconds(1200));
        Truth truth = new Truth(main.root, main.alternatives,
                main.affected.stream().sorted(Comparator.naturalOrder()).toList(), List.of());
        return new Scenario(name, fc.id(), source, index % 2 == 0 ? "dev" : "heldout", d.tape().entries(), truth);
    }

    /** Every hand-written scenario. */
    public static List<Scenario> all() {
        List<Scenario> out = new ArrayList<>();
        int i = 0;

        Draft d = draft(9101, "2025-03-14T17:00:00Z", "od2-worker-1", "od2-worker-2", "od2-worker-3");
        Cluster.Service web = d.cluster().add(d.rng(), "od2-prod", "web", APP, "python", 3000, 2);
        Cluster.Service admin = d.cluster().add(d.rng(), "od2-prod", "web-admin", APP, "python", 3000, 1);
        Cluster.Service db = d.cluster().add(d.rng(), "od2-prod", "db", DB, "postgres", 5432, 1);
        d.cluster().call(web, db, "db");
        d.cluster().call(admin, db, "db:5432");
        out.add(finish(d, "hand-od2-postgres-too-many-clients", FaultClass.CONNECTION_POOL,
                "https://github.com/OregonDigital/OD2/issues/3310", i++, (t, at) -> DependencyFaults.pool(t, db, at)));

        d = draft(9102, "2025-06-02T09:30:00Z", "k3d-storm-agent-0", "k3d-storm-agent-1", "k3d-storm-agent-2");
        Cluster.Service api = d.cluster().add(d.rng(), "default", "api", APP, "node", 3000, 5);
        Cluster.Service pg = d.cluster().add(d.rng(), "default", "postgres", DB, "postgres", 5432, 1);
        d.cluster().call(api, pg, "postgres:5432");
        out.add(finish(d, "hand-rollout-connection-storm", FaultClass.CONNECTION_POOL,
                "https://www.michal-drozd.com/en/blog/k8s-postgresql-connection-storm/", i++, (t, at) -> {
                    Injected inj = DependencyFaults.pool(t, pg, at);
                    for (int k = 0; k < 5; k++) {
                        Instant when = at.plusSeconds(3L + 4 * k);
                        t.log(when, pg, pg.pods.get(0), t.lines.postgres(when, "FATAL",
                                "too many connections for role \"app\""));
                    }
                    return inj;
                }));

        d = draft(9103, "2025-09-20T02:10:00Z", "ip-10-0-3-17.ec2.internal", "ip-10-0-3-88.ec2.internal");
        Cluster.Service fe = d.cluster().add(d.rng(), "shop", "frontend", APP, "go", 8080, 2);
        Cluster.Service cat = d.cluster().add(d.rng(), "shop", "catalog", APP, "java", 8080, 2);
        d.cluster().call(fe, cat, "catalog.shop.svc.cluster.local");
        out.add(finish(d, "hand-coredns-forwarding-loop", FaultClass.DNS,
                "https://coredns.io/plugins/loop/#troubleshooting", i++, (t, at) -> InfraFaults.dns(t, at, false)));

        d = draft(9104, "2025-10-07T14:45:00Z", "gke-prod-pool-a1b2-x9k2", "gke-prod-pool-a1b2-q7m4",
                "gke-prod-pool-a1b2-z3n8");
        Cluster.Service pay = d.cluster().add(d.rng(), "payments", "charger", APP, "go", 8080, 2);
        Cluster.Service ledger = d.cluster().add(d.rng(), "payments", "ledger", APP, "python", 8000, 1);
        d.cluster().call(pay, ledger, "ledger");
        out.add(finish(d, "hand-dns-upstream-timeout", FaultClass.DNS,
                "https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/", i++,
                (t, at) -> InfraFaults.dns(t, at, true)));

        d = draft(9105, "2025-04-11T08:00:00Z", "minikube", "minikube-m02");
        Cluster.Service demo = d.cluster().add(d.rng(), "mem-example", "memory-demo", APP, "python", 8080, 1);
        Cluster.Service loadgen = d.cluster().add(d.rng(), "mem-example", "loadgen", APP, "go", 8080, 1);
        d.cluster().call(loadgen, demo, "memory-demo:8080");
        out.add(finish(d, "hand-memory-limit-oomkilled", FaultClass.OOM,
                "https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/", i++,
                (t, at) -> WorkloadFaults.oom(t, demo, at, false)));

        d = draft(9106, "2025-05-19T11:20:00Z", "kind-worker", "kind-worker2", "kind-worker3");
        Cluster.Service ngx = d.cluster().add(d.rng(), "web", "nginx-app", APP, "nginx", 80, 2);
        out.add(finish(d, "hand-image-tag-not-found", FaultClass.BAD_IMAGE,
                "https://kubernetes.io/docs/concepts/containers/images/#imagepullbackoff", i++,
                (t, at) -> WorkloadFaults.badImage(t, ngx, at)));

        d = draft(9107, "2025-07-01T16:00:00Z", "worker-1", "worker-2");
        Cluster.Service dapi = d.cluster().add(d.rng(), "default", "dapi", APP, "go", 8080, 2);
        Cluster.Service dfe = d.cluster().add(d.rng(), "default", "portal", APP, "node", 3000, 1);
        d.cluster().call(dfe, dapi, "http://dapi.default.svc:8080");
        out.add(finish(d, "hand-configmap-key-missing", FaultClass.MISSING_CONFIG_KEY,
                "https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/", i++,
                (t, at) -> WorkloadFaults.missingKey(t, dapi, at)));

        d = draft(9108, "2025-08-12T10:05:00Z", "worker-a", "worker-b", "worker-c");
        Cluster.Service goproxy = d.cluster().add(d.rng(), "edge", "goproxy", APP, "go", 8080, 3);
        out.add(finish(d, "hand-liveness-probe-wrong-port", FaultClass.PROBE_MISCONFIG,
                "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
                i++, (t, at) -> WorkloadFaults.probe(t, goproxy, at)));

        d = draft(9109, "2025-11-03T03:40:00Z", "aks-nodepool1-31718369-vmss000000",
                "aks-nodepool1-31718369-vmss000001", "aks-nodepool1-31718369-vmss000002");
        Cluster.Service orders = d.cluster().add(d.rng(), "shop", "orders", APP, "java", 8080, 3);
        Cluster.Service cart = d.cluster().add(d.rng(), "shop", "cart", APP, "node", 3000, 2);
        Cluster.Service odb = d.cluster().add(d.rng(), "shop", "orders-db", DB, "postgres", 5432, 1);
        d.cluster().call(cart, orders, "orders.shop:8080");
        d.cluster().call(orders, odb, "orders-db.shop.svc.cluster.local");
        Cluster.Node failed = d.cluster().nodes.get(1);
        odb.pods.get(0).node = failed.name();
        out.add(finish(d, "hand-node-unreachable-eviction", FaultClass.NODE_FAILURE,
                "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions",
                i++, (t, at) -> InfraFaults.nodeFailure(t, failed, at)));

        d = draft(9110, "2025-12-01T21:15:00Z", "node-1", "node-2");
        Cluster.Service media = d.cluster().add(d.rng(), "media", "thumbnails", APP, "python", 8000, 2);
        Cluster.Service upload = d.cluster().add(d.rng(), "media", "upload", APP, "go", 8080, 1);
        d.cluster().call(upload, media, "thumbnails");
        Cluster.Node pressured = d.cluster().nodes.get(0);
        media.pods.forEach(p -> p.node = pressured.name());
        out.add(finish(d, "hand-node-memory-pressure-eviction", FaultClass.NODE_PRESSURE,
                "https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/", i++,
                (t, at) -> InfraFaults.nodePressure(t, pressured, at)));

        d = draft(9111, "2025-02-24T00:30:00Z", "worker-0", "worker-1", "worker-2");
        d.cluster().add(d.rng(), "batch", "reports", APP, "python", 8000, 1);
        out.add(finish(d, "hand-job-backoff-limit", FaultClass.JOB_FAILURE,
                "https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-backoff-failure-policy", i++,
                (t, at) -> WorkloadFaults.job(t, "batch", at)));

        d = draft(9112, "2025-06-30T12:00:00Z", "gke-data-pool-7f3c-a1", "gke-data-pool-7f3c-b2");
        Cluster.Service mq = d.cluster().add(d.rng(), "data", "pg-main", DB, "postgres", 5432, 1);
        Cluster.Service etl = d.cluster().add(d.rng(), "data", "ingest", APP, "java", 8080, 2);
        d.cluster().call(etl, mq, "pg-main.data:5432");
        out.add(finish(d, "hand-claim-pending-quota", FaultClass.STORAGE,
                "https://kubernetes.io/docs/concepts/storage/persistent-volumes/#dynamic", i++,
                (t, at) -> InfraFaults.storage(t, mq, at, 0)));

        d = draft(9113, "2025-04-12T16:00:00Z", "ip-10-1-0-21.ec2.internal", "ip-10-1-0-22.ec2.internal",
                "ip-10-1-0-23.ec2.internal");
        Cluster.Service apiGw = d.cluster().add(d.rng(), "prod", "api", APP, "java", 8080, 3);
        Cluster.Service sync = d.cluster().add(d.rng(), "prod", "order-sync-worker", APP, "go", 8080, 1);
        Cluster.Service ordersDb = d.cluster().add(d.rng(), "prod", "orders-db", DB, "postgres", 5432, 1);
        d.cluster().call(apiGw, ordersDb, "orders-db.prod.svc.cluster.local:5432");
        d.cluster().call(sync, ordersDb, "orders-db");
        out.add(finish(d, "hand-slow-analytical-query", FaultClass.SLOW_DEPENDENCY,
                "https://www.prodrescueai.com/incidents/database-connection-exhaustion", i++,
                (t, at) -> DependencyFaults.slow(t, ordersDb, at)));

        d = draft(9114, "2025-09-09T09:00:00Z", "worker-1", "worker-2", "worker-3");
        Cluster.Service backend = d.cluster().add(d.rng(), "prod", "backend", APP, "java", 8080, 2);
        Cluster.Service front = d.cluster().add(d.rng(), "prod", "frontend", APP, "nginx", 80, 2);
        d.cluster().call(front, backend, "backend:8080");
        out.add(finish(d, "hand-default-deny-ingress", FaultClass.NETWORK_POLICY,
                "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic",
                i++, (t, at) -> InfraFaults.networkPolicy(t, backend, at)));

        d = draft(9115, "2025-11-28T18:00:00Z", "node-a", "node-b", "node-c");
        Cluster.Service php = d.cluster().add(d.rng(), "default", "php-apache", APP, "python", 80, 4);
        Cluster.Service lg = d.cluster().add(d.rng(), "default", "load-generator", APP, "go", 8080, 1);
        d.cluster().call(lg, php, "php-apache");
        out.add(finish(d, "hand-hpa-at-max-replicas", FaultClass.AUTOSCALING_LIMIT,
                "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough/", i++,
                (t, at) -> DependencyFaults.hpaLimit(t, php, at)));

        d = draft(9116, "2025-03-03T13:00:00Z", "worker-x1", "worker-x2");
        Cluster.Service reports = d.cluster().add(d.rng(), "analytics", "reports", APP, "python", 8000, 2);
        out.add(finish(d, "hand-pending-insufficient-cpu", FaultClass.SCHEDULING,
                "https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/#my-pod-stays-pending", i++,
                (t, at) -> InfraFaults.scheduling(t, reports, at, 0)));
        return out;
    }
}
