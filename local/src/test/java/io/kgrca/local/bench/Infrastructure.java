package io.kgrca.local.bench;

import io.kgrca.common.topic.TopicProvisioner;
import io.kgrca.common.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.Map;

/** Small pieces the two runs share: topics, the control plane's settings, the workers' live heap. */
final class Infrastructure {

    private Infrastructure() {
    }

    /** Creates every topic of {@link Topics#all()} (what the control plane does at its start). */
    static void provisionTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(60)).provision(Topics.all());
        }
    }

    /** The control plane's settings for a benchmark: quick reconciles, tenants alive for the whole run. */
    static Map<String, String> controlPlaneSettings() {
        return Map.of("RECONCILE_INTERVAL", "5s", "WORKER_STOP_GRACE", "3s", "HEARTBEAT_TIMEOUT", "120s",
                "CLEANUP_TIMEOUT", "600s",
                // The default MAX_TENANTS (500) would refuse half of a 1,000-tenant run.
                "MAX_TENANTS", "5000");
    }

    /** Live heap after a full GC of every child JVM of this one, in total; -1 when one could not be measured. */
    static long workersLiveHeap() {
        long total = 0;
        for (ProcessHandle p : ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()) {
            boolean jvm = p.info().command().map(c -> c.endsWith("java")).orElse(false);
            if (!jvm) {
                continue;
            }
            long live = Pools.liveHeapBytes(p.pid());
            if (live < 0) {
                return -1;
            }
            total += live;
        }
        return total;
    }
}
