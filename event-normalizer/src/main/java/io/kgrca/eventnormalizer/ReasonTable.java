package io.kgrca.eventnormalizer;

import io.kgrca.common.model.Severity;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Kubernetes event reasons → an abstract type and the least severity the reason deserves. The table holds the
 * 21 base reasons and the common reasons they lack (image pull errors, node pressure, volume
 * attachment, job and controller failures, preemption, hooks); unknown reasons fall back to keywords.
 */
public final class ReasonTable {

    /**
     * How a reason is classified.
     *
     * @param abstractType the coarse class
     * @param floor        the least severity of an event with this reason
     */
    public record Entry(String abstractType, Severity floor) {
    }

    private static final Map<String, Entry> TABLE = Map.ofEntries(
            e("Pulling", "POD_IMAGE_PULL", Severity.INFO),
            e("Pulled", "POD_IMAGE_PULLED", Severity.INFO),
            e("Created", "POD_CREATED", Severity.INFO),
            e("Started", "POD_STARTED", Severity.INFO),
            e("Killing", "POD_KILLING", Severity.INFO),
            e("Failed", "POD_FAILED", Severity.ERROR),
            e("BackOff", "POD_BACKOFF", Severity.WARNING),
            e("CrashLoopBackOff", "POD_CRASH_LOOP", Severity.ERROR),
            e("OOMKilled", "MEMORY_OOM", Severity.CRITICAL),
            e("OOMKilling", "MEMORY_OOM", Severity.CRITICAL),
            e("SystemOOM", "MEMORY_OOM", Severity.CRITICAL),
            e("Evicted", "POD_EVICTED", Severity.ERROR),
            e("FailedScheduling", "SCHEDULING_FAILED", Severity.ERROR),
            e("FailedMount", "VOLUME_MOUNT_FAILED", Severity.ERROR),
            e("FailedAttachVolume", "VOLUME_ATTACH_FAILED", Severity.ERROR),
            e("FailedCreatePodSandBox", "NETWORK_SETUP_FAILED", Severity.ERROR),
            e("NetworkNotReady", "NETWORK_NOT_READY", Severity.ERROR),
            e("Unhealthy", "HEALTH_CHECK_FAILED", Severity.WARNING),
            e("ProbeWarning", "PROBE_WARNING", Severity.WARNING),
            e("NodeNotReady", "NODE_NOT_READY", Severity.CRITICAL),
            e("NodeReady", "NODE_READY", Severity.INFO),
            e("RegisteredNode", "NODE_REGISTERED", Severity.INFO),
            e("FailedDiscovery", "SERVICE_DISCOVERY_FAILED", Severity.ERROR),
            e("UpdatedEndpoints", "ENDPOINTS_UPDATED", Severity.INFO),
            e("ErrImagePull", "POD_IMAGE_PULL_FAILED", Severity.ERROR),
            e("ImagePullBackOff", "POD_IMAGE_PULL_FAILED", Severity.ERROR),
            e("InspectFailed", "POD_IMAGE_PULL_FAILED", Severity.ERROR),
            e("ErrImageNeverPull", "POD_IMAGE_PULL_FAILED", Severity.ERROR),
            e("NodeHasDiskPressure", "NODE_DISK_PRESSURE", Severity.ERROR),
            e("NodeHasInsufficientMemory", "NODE_MEMORY_PRESSURE", Severity.ERROR),
            e("NodeHasInsufficientPID", "NODE_PID_PRESSURE", Severity.ERROR),
            e("EvictionThresholdMet", "NODE_EVICTION_THRESHOLD", Severity.WARNING),
            e("FreeDiskSpaceFailed", "NODE_DISK_PRESSURE", Severity.WARNING),
            e("ImageGCFailed", "NODE_DISK_PRESSURE", Severity.WARNING),
            e("Rebooted", "NODE_REBOOTED", Severity.WARNING),
            e("NodeNotSchedulable", "NODE_NOT_SCHEDULABLE", Severity.WARNING),
            e("FailedCreate", "CONTROLLER_CREATE_FAILED", Severity.ERROR),
            e("FailedDelete", "CONTROLLER_DELETE_FAILED", Severity.WARNING),
            e("SuccessfulCreate", "CONTROLLER_CREATED", Severity.INFO),
            e("SuccessfulDelete", "CONTROLLER_DELETED", Severity.INFO),
            e("ScalingReplicaSet", "DEPLOYMENT_SCALED", Severity.INFO),
            e("BackoffLimitExceeded", "JOB_FAILED", Severity.ERROR),
            e("DeadlineExceeded", "JOB_FAILED", Severity.ERROR),
            e("Completed", "JOB_COMPLETED", Severity.INFO),
            e("Scheduled", "POD_SCHEDULED", Severity.INFO),
            e("Preempted", "POD_PREEMPTED", Severity.WARNING),
            e("Preempting", "POD_PREEMPTED", Severity.WARNING),
            e("SandboxChanged", "POD_SANDBOX_CHANGED", Severity.WARNING),
            e("FailedKillPod", "POD_KILL_FAILED", Severity.ERROR),
            e("FailedSync", "POD_SYNC_FAILED", Severity.WARNING),
            e("FailedPreStopHook", "POD_HOOK_FAILED", Severity.WARNING),
            e("FailedPostStartHook", "POD_HOOK_FAILED", Severity.ERROR),
            e("DNSConfigForming", "DNS_CONFIG", Severity.WARNING),
            e("FailedGetResourceMetric", "AUTOSCALER_METRICS_FAILED", Severity.WARNING),
            e("FailedComputeMetricsReplicas", "AUTOSCALER_METRICS_FAILED", Severity.WARNING),
            e("SuccessfulRescale", "AUTOSCALER_RESCALED", Severity.INFO),
            e("ContainerGCFailed", "NODE_GC_FAILED", Severity.WARNING),
            e("FailedToUpdateEndpoint", "ENDPOINTS_UPDATE_FAILED", Severity.WARNING),
            e("FailedToUpdateEndpointSlices", "ENDPOINTS_UPDATE_FAILED", Severity.WARNING),
            e("InvalidDiskCapacity", "NODE_DISK_PRESSURE", Severity.WARNING),
            e("NodeAllocatableEnforced", "NODE_CONFIGURED", Severity.INFO),
            e("Starting", "NODE_STARTING", Severity.INFO),
            e("NodeHasNoDiskPressure", "NODE_CONDITION_OK", Severity.INFO),
            e("NodeHasSufficientMemory", "NODE_CONDITION_OK", Severity.INFO),
            e("NodeHasSufficientPID", "NODE_CONDITION_OK", Severity.INFO),
            e("NodeSchedulable", "NODE_SCHEDULABLE", Severity.INFO),
            e("RemovingNode", "NODE_REMOVED", Severity.WARNING),
            e("DeletingNode", "NODE_REMOVED", Severity.WARNING),
            e("TaintManagerEviction", "POD_EVICTED", Severity.WARNING),
            e("SuccessfulAttachVolume", "VOLUME_ATTACHED", Severity.INFO),
            e("SuccessfulMountVolume", "VOLUME_MOUNTED", Severity.INFO),
            e("FailedDetachVolume", "VOLUME_ATTACH_FAILED", Severity.WARNING),
            e("FailedMapVolume", "VOLUME_MOUNT_FAILED", Severity.ERROR),
            e("ProvisioningFailed", "VOLUME_PROVISION_FAILED", Severity.ERROR),
            e("ExceededGracePeriod", "POD_KILL_FAILED", Severity.WARNING),
            e("SawCompletedJob", "JOB_COMPLETED", Severity.INFO),
            e("SuccessfulCreatePod", "CONTROLLER_CREATED", Severity.INFO),
            e("FailedCreatePod", "CONTROLLER_CREATE_FAILED", Severity.ERROR));

    /** Old clusters and some controllers write reasons in lower case ({@code killing}). */
    private static final Map<String, Entry> BY_LOWER_CASE = TABLE.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(en -> en.getKey().toLowerCase(Locale.ROOT),
                    Map.Entry::getValue));

    private ReasonTable() {
    }

    private static Map.Entry<String, Entry> e(String reason, String type, Severity floor) {
        return Map.entry(reason, new Entry(type, floor));
    }

    /** The classification of {@code reason}; keywords decide for reasons outside the table. */
    public static Entry classify(String reason) {
        Entry known = TABLE.get(reason);
        if (known != null) {
            return known;
        }
        String r = reason.toLowerCase(Locale.ROOT);
        known = BY_LOWER_CASE.get(r);
        if (known != null) {
            return known;
        }
        if (r.contains("oom") || r.contains("outofmemory")) {
            return new Entry("MEMORY_OOM", Severity.CRITICAL);
        }
        if (r.contains("crash")) {
            return new Entry("POD_CRASH_LOOP", Severity.ERROR);
        }
        if (r.contains("disk") || r.contains("volume")) {
            return new Entry("DISK_ISSUE", Severity.WARNING);
        }
        if (r.contains("network") || r.contains("connection")) {
            return new Entry("NETWORK_ISSUE", Severity.WARNING);
        }
        if (r.contains("timeout")) {
            return new Entry("TIMEOUT", Severity.WARNING);
        }
        if (r.contains("cpu")) {
            return new Entry("CPU_HIGH", Severity.WARNING);
        }
        if (r.startsWith("failed") || r.contains("error")) {
            return new Entry("CUSTOM_FAILURE", Severity.WARNING);
        }
        return new Entry("CUSTOM", Severity.INFO);
    }

    /** Every reason of the table, for tests and documentation. */
    public static Set<String> reasons() {
        return TABLE.keySet();
    }
}
