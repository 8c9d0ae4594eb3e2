package io.kgrca.rcaeval.gen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A random but consistent cluster: nodes, namespaces, services with their workloads and pods, a call graph between
 * services (with how each caller names its callee), and CoreDNS. Built from a seeded {@link Random}.
 */
final class Cluster {

    /** What a service is. */
    enum Role { APP, DB, CACHE }

    /** A node. */
    record Node(String name, String ip) {
    }

    /** A pod of a service. */
    static final class Pod {
        final String name;
        final String uid;
        String node;
        final String ip;
        final String rsHash;

        Pod(String name, String uid, String node, String ip, String rsHash) {
            this.name = name;
            this.uid = uid;
            this.node = node;
            this.ip = ip;
            this.rsHash = rsHash;
        }
    }

    /** A call from a service to a dependency, with the host string the caller uses for it. */
    record Call(Service callee, String host) {
    }

    /** A service and its workload. */
    static final class Service {
        final String ns;
        final String name;
        final Role role;
        final String flavour; // go, java, node, python, nginx for apps; postgres, mysql, redis otherwise
        final int port;
        final boolean stateful;
        final String image;
        String tag;
        String rsHash;
        final List<Pod> pods = new ArrayList<>();
        final List<Call> calls = new ArrayList<>();
        final List<Service> callers = new ArrayList<>();
        final String uid;
        final String rsUid;

        Service(String ns, String name, Role role, String flavour, int port, boolean stateful, String image,
                String tag, String rsHash, String uid, String rsUid) {
            this.ns = ns;
            this.name = name;
            this.role = role;
            this.flavour = flavour;
            this.port = port;
            this.stateful = stateful;
            this.image = image;
            this.tag = tag;
            this.rsHash = rsHash;
            this.uid = uid;
            this.rsUid = rsUid;
        }

        /** A Job is the one stateful (ordinal-less, hash-less) application. */
        boolean isJob() {
            return role == Role.APP && stateful;
        }

        String workloadKind() {
            return stateful ? "StatefulSet" : "Deployment";
        }

        String workloadId() {
            return (stateful ? "statefulset/" : "deployment/") + ns + "/" + name;
        }

        String fqdn() {
            return name + "." + ns + ".svc.cluster.local";
        }
    }

    final List<Node> nodes = new ArrayList<>();
    final List<String> namespaces = new ArrayList<>();
    final List<Service> services = new ArrayList<>();
    final Service coredns;
    private final Set<String> usedNames = new HashSet<>();

    /** An explicit cluster (hand-written scenarios): nodes, services and calls are added by name. */
    private Cluster(Random rng, List<String> nodeNames) {
        for (int i = 0; i < nodeNames.size(); i++) {
            nodes.add(new Node(nodeNames.get(i), "10.0.1." + (10 + i)));
        }
        coredns = service(rng, "kube-system", "coredns", Role.APP, "coredns", 53);
    }

    /** An explicit cluster with these nodes and CoreDNS; add services with {@link #add}. */
    static Cluster of(Random rng, String... nodeNames) {
        return new Cluster(rng, List.of(nodeNames));
    }

    /** Adds a service with {@code replicas} pods (hand-written scenarios). */
    Service add(Random rng, String ns, String name, Role role, String flavour, int port, int replicas) {
        if (!namespaces.contains(ns)) {
            namespaces.add(ns);
        }
        Service s = service(rng, ns, name, role, flavour, port);
        while (s.pods.size() > replicas) {
            s.pods.remove(s.pods.size() - 1);
        }
        while (s.pods.size() < replicas) {
            s.pods.add(newPod(rng, s, s.pods.size()));
        }
        services.add(s);
        return s;
    }

    /** {@code caller} calls {@code callee} under {@code host}. */
    void call(Service caller, Service callee, String host) {
        caller.calls.add(new Call(callee, host));
        callee.callers.add(caller);
    }

    private Cluster(Random rng) {
        String nodeStyle = Words.pick(rng, List.of("ip", "gke", "worker", "aks"));
        String pool = Words.alnum(rng, 4);
        int nodeCount = Words.between(rng, 2, 6);
        for (int i = 0; i < nodeCount; i++) {
            int a = Words.between(rng, 0, 255);
            int b = Words.between(rng, 1, 254);
            String name = switch (nodeStyle) {
                case "ip" -> "ip-10-0-" + a + "-" + b + ".ec2.internal";
                case "gke" -> "gke-prod-default-pool-" + pool + "-" + Words.alnum(rng, 4);
                case "aks" -> "aks-nodepool1-" + Words.between(rng, 10000000, 99999999) + "-vmss00000" + i;
                default -> "worker-" + pool + "-" + i;
            };
            nodes.add(new Node(name, "10.0." + a + "." + b));
        }
        int nsCount = Words.between(rng, 1, 3);
        List<String> nsWords = new ArrayList<>(Words.NAMESPACES);
        Collections.shuffle(nsWords, rng);
        namespaces.addAll(nsWords.subList(0, nsCount));
        int appCount = Words.between(rng, 3, 9);
        for (int i = 0; i < appCount; i++) {
            String flavour = i == 0 && rng.nextBoolean() ? "nginx"
                    : Words.pick(rng, List.of("go", "java", "node", "python"));
            services.add(service(rng, Words.pick(rng, namespaces), unique(rng, Words.APPS), Role.APP, flavour,
                    flavour.equals("nginx") ? 80 : Words.pick(rng, List.of(8080, 8000, 3000, 9000, 8443))));
        }
        String dbFlavour = rng.nextBoolean() ? "postgres" : "mysql";
        services.add(service(rng, Words.pick(rng, namespaces), unique(rng, Words.DATABASES), Role.DB, dbFlavour,
                dbFlavour.equals("postgres") ? 5432 : 3306));
        if (rng.nextBoolean()) {
            services.add(service(rng, Words.pick(rng, namespaces), unique(rng, Words.CACHES), Role.CACHE, "redis",
                    6379));
        }
        coredns = service(rng, "kube-system", "coredns", Role.APP, "coredns", 53);
        callGraph(rng);
    }

    /** A new random cluster. */
    static Cluster random(Random rng) {
        return new Cluster(rng);
    }

    /** Every service including CoreDNS. */
    List<Service> all() {
        List<Service> all = new ArrayList<>(services);
        all.add(coredns);
        return all;
    }

    /** A service of the role, or null. */
    Service first(Role role) {
        return services.stream().filter(s -> s.role == role).findFirst().orElse(null);
    }

    /** Pod by name, or null. */
    Map<String, Pod> podsByName() {
        Map<String, Pod> m = new LinkedHashMap<>();
        all().forEach(s -> s.pods.forEach(p -> m.put(p.name, p)));
        return m;
    }

    private String unique(Random rng, List<String> words) {
        for (int attempt = 0; attempt < 50; attempt++) {
            String w = Words.pick(rng, words);
            if (usedNames.add(w)) {
                return w;
            }
        }
        String w = Words.pick(rng, words) + "-" + Words.alnum(rng, 3);
        usedNames.add(w);
        return w;
    }

    private Service service(Random rng, String ns, String name, Role role, String flavour, int port) {
        boolean stateful = role != Role.APP;
        String image = switch (flavour) {
            case "postgres" -> "postgres";
            case "mysql" -> "mysql";
            case "redis" -> "redis";
            case "nginx" -> "nginx";
            case "coredns" -> "registry.k8s.io/coredns/coredns";
            default -> Words.pick(rng, Words.REGISTRIES) + "/" + name;
        };
        String tag = switch (flavour) {
            case "postgres" -> Words.pick(rng, List.of("15.6", "16.2", "14.11"));
            case "mysql" -> Words.pick(rng, List.of("8.0.36", "8.4.0"));
            case "redis" -> Words.pick(rng, List.of("7.2.4", "6.2.14"));
            case "nginx" -> Words.pick(rng, List.of("1.25.4", "1.27.0"));
            case "coredns" -> "v1.11.1";
            default -> rng.nextBoolean() ? "v" + Words.between(rng, 1, 4) + "." + Words.between(rng, 0, 30) + "."
                    + Words.between(rng, 0, 9) : Words.hex(rng, 7);
        };
        Service s = new Service(ns, name, role, flavour, port, stateful, image, tag,
                stateful ? "" : Words.between(rng, 5, 9) + Words.alnum(rng, 8), Words.uid(rng), Words.uid(rng));
        int replicas = "coredns".equals(flavour) ? 2 : stateful ? 1 : Words.between(rng, 1, 5);
        for (int i = 0; i < replicas; i++) {
            s.pods.add(newPod(rng, s, i));
        }
        return s;
    }

    /** A new pod of {@code s} (a rollout's, or a replacement), on a random node. */
    Pod newPod(Random rng, Service s, int ordinal) {
        String name = s.stateful ? s.name + "-" + ordinal : s.name + "-" + s.rsHash + "-" + Words.alnum(rng, 5);
        Node node = nodes.get(rng.nextInt(nodes.size()));
        String ip = "10.244." + Words.between(rng, 0, 15) + "." + Words.between(rng, 2, 250);
        return new Pod(name, Words.uid(rng), node.name(), ip, s.rsHash);
    }

    private void callGraph(Random rng) {
        List<Service> apps = services.stream().filter(s -> s.role == Role.APP).toList();
        List<Service> backends = services.stream().filter(s -> s.role != Role.APP).toList();
        for (int i = 0; i < apps.size(); i++) {
            Service caller = apps.get(i);
            List<Service> later = new ArrayList<>(apps.subList(i + 1, apps.size()));
            later.addAll(backends);
            Collections.shuffle(later, rng);
            int n = Math.min(later.size(), Words.between(rng, 1, 3));
            for (Service callee : later.subList(0, n)) {
                link(rng, caller, callee);
            }
        }
        // Every backend has at least one caller.
        for (Service b : backends) {
            if (b.callers.isEmpty()) {
                link(rng, apps.get(rng.nextInt(apps.size())), b);
            }
        }
    }

    private void link(Random rng, Service caller, Service callee) {
        String host = switch (rng.nextInt(4)) {
            case 0 -> callee.ns.equals(caller.ns) ? callee.name : callee.name + "." + callee.ns;
            case 1 -> callee.name + "." + callee.ns + ":" + callee.port;
            case 2 -> callee.fqdn();
            default -> callee.name + "." + callee.ns + ".svc";
        };
        caller.calls.add(new Call(callee, host));
        callee.callers.add(caller);
    }
}
