package io.kgrca.graphbuilder.signal;

import io.kgrca.common.model.Severity;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps a normalized event (reason, abstract type, message, severity) or a normalized log (error type, message,
 * severity) to its {@link SignalType}. Pure and stateless.
 *
 * <p>Events are classified by their reason first, because Kubernetes types some significant events as Normal
 * ({@code NodeNotReady}) and the reason is the most reliable field; the message refines reasons that cover several
 * failures ({@code Failed}, {@code BackOff}, {@code Unhealthy}). Logs are classified by their text, then by the
 * log-normalizer's error type, then by severity. A log below ERROR with no recognised text is {@link
 * SignalType#NORMAL}: warnings are too common to count as trouble on their own.
 */
public final class SignalClassifier {

    private static final Map<String, SignalType> BY_REASON = Map.ofEntries(
            Map.entry("oomkilled", SignalType.OOM_KILLED),
            Map.entry("oomkilling", SignalType.OOM_KILLED),
            Map.entry("systemoom", SignalType.OOM_KILLED),
            Map.entry("nodenotready", SignalType.NODE_NOT_READY),
            Map.entry("evictionthresholdmet", SignalType.NODE_PRESSURE),
            Map.entry("nodehasdiskpressure", SignalType.NODE_PRESSURE),
            Map.entry("nodehasinsufficientmemory", SignalType.NODE_PRESSURE),
            Map.entry("nodehasinsufficientpid", SignalType.NODE_PRESSURE),
            Map.entry("freediskspacefailed", SignalType.NODE_PRESSURE),
            Map.entry("evicted", SignalType.EVICTED),
            Map.entry("taintmanagereviction", SignalType.EVICTED),
            Map.entry("preempted", SignalType.EVICTED),
            Map.entry("failedscheduling", SignalType.SCHEDULING_FAILED),
            Map.entry("nottriggerscaleup", SignalType.SCALE_UP_FAILED),
            Map.entry("failedscaleup", SignalType.SCALE_UP_FAILED),
            Map.entry("failedmount", SignalType.VOLUME_MOUNT_FAILED),
            Map.entry("failedattachvolume", SignalType.VOLUME_MOUNT_FAILED),
            Map.entry("failedmapvolume", SignalType.VOLUME_MOUNT_FAILED),
            Map.entry("failedcreatepodsandbox", SignalType.NETWORK_SETUP_FAILED),
            Map.entry("networknotready", SignalType.NETWORK_SETUP_FAILED),
            Map.entry("errimagepull", SignalType.IMAGE_PULL_FAILED),
            Map.entry("errimageneverpull", SignalType.IMAGE_PULL_FAILED),
            Map.entry("inspectfailed", SignalType.IMAGE_PULL_FAILED),
            Map.entry("imagepullbackoff", SignalType.IMAGE_PULL_BACKOFF),
            Map.entry("createcontainerconfigerror", SignalType.CONFIG_ERROR),
            Map.entry("crashloopbackoff", SignalType.CRASH_LOOP),
            Map.entry("progressdeadlineexceeded", SignalType.ROLLOUT_STUCK),
            Map.entry("failedtoupdateendpoint", SignalType.ENDPOINTS_NOT_READY),
            Map.entry("failedtoupdateendpointslices", SignalType.ENDPOINTS_NOT_READY),
            Map.entry("noendpoints", SignalType.ENDPOINTS_NOT_READY),
            Map.entry("endpointsnotready", SignalType.ENDPOINTS_NOT_READY),
            Map.entry("backofflimitexceeded", SignalType.JOB_FAILED),
            Map.entry("deadlineexceeded", SignalType.JOB_FAILED),
            Map.entry("provisioningfailed", SignalType.CLAIM_PENDING),
            Map.entry("failedbinding", SignalType.CLAIM_PENDING),
            Map.entry("volumefailedrecycle", SignalType.CLAIM_PENDING),
            Map.entry("failedgetresourcemetric", SignalType.AUTOSCALER_LIMITED),
            Map.entry("failedcomputemetricsreplicas", SignalType.AUTOSCALER_LIMITED),
            Map.entry("failedrescale", SignalType.AUTOSCALER_LIMITED),
            Map.entry("nodenotschedulable", SignalType.CHANGE_NODE),
            Map.entry("cordon", SignalType.CHANGE_NODE),
            Map.entry("freediskspacefailedwithpressure", SignalType.NODE_PRESSURE),
            // Prometheus alert names (etype prom.alert carries the alert name as its reason).
            Map.entry("kubepodcrashlooping", SignalType.CRASH_LOOP),
            Map.entry("kubepodnotready", SignalType.READINESS_FAILED),
            Map.entry("kubenodenotready", SignalType.NODE_NOT_READY),
            Map.entry("kubecontaineroomkilled", SignalType.OOM_KILLED),
            Map.entry("kubedeploymentrolloutstuck", SignalType.ROLLOUT_STUCK),
            Map.entry("kubedeploymentreplicasmismatch", SignalType.ROLLOUT_STUCK),
            Map.entry("kubenodememorypressure", SignalType.NODE_PRESSURE),
            Map.entry("kubenodediskpressure", SignalType.NODE_PRESSURE),
            Map.entry("kubejobfailed", SignalType.JOB_FAILED),
            Map.entry("kubehpamaxedout", SignalType.AUTOSCALER_LIMITED),
            Map.entry("kubepersistentvolumefillingup", SignalType.DISK_FULL),
            Map.entry("certmanagercertexpiresoon", SignalType.CERTIFICATE_INVALID));

    private static final Map<String, SignalType> BY_ABSTRACT_TYPE = Map.of(
            "MEMORY_OOM", SignalType.OOM_KILLED,
            "NODE_NOT_READY", SignalType.NODE_NOT_READY,
            "POD_EVICTED", SignalType.EVICTED,
            "SCHEDULING_FAILED", SignalType.SCHEDULING_FAILED,
            "VOLUME_MOUNT_FAILED", SignalType.VOLUME_MOUNT_FAILED,
            "NETWORK_SETUP_FAILED", SignalType.NETWORK_SETUP_FAILED,
            "NETWORK_NOT_READY", SignalType.NETWORK_SETUP_FAILED,
            "POD_CRASH_LOOP", SignalType.CRASH_LOOP);

    private static final Map<String, SignalType> BY_ERROR_TYPE = Map.ofEntries(
            Map.entry("OOM", SignalType.OOM_KILLED),
            Map.entry("TIMEOUT", SignalType.TIMEOUT),
            Map.entry("CONNECTION_REFUSED", SignalType.CONNECTION_REFUSED),
            Map.entry("CONNECTION_ERROR", SignalType.CONNECTION_REFUSED),
            Map.entry("DNS", SignalType.DNS_FAILURE),
            Map.entry("DNS_FAILURE", SignalType.DNS_FAILURE),
            Map.entry("HTTP_5XX", SignalType.HTTP_5XX),
            Map.entry("PANIC", SignalType.FATAL_ERROR),
            Map.entry("FATAL", SignalType.FATAL_ERROR),
            Map.entry("CONFIG", SignalType.CONFIG_ERROR),
            Map.entry("CONFIG_ERROR", SignalType.CONFIG_ERROR),
            Map.entry("RESOURCE_EXHAUSTED", SignalType.RESOURCE_EXHAUSTED),
            Map.entry("NETWORK", SignalType.CONNECTION_REFUSED),
            Map.entry("CONNECTION_RESET", SignalType.CONNECTION_REFUSED),
            Map.entry("NETWORK_UNREACHABLE", SignalType.CONNECTION_REFUSED),
            Map.entry("SLOW", SignalType.DEPENDENCY_SLOW),
            Map.entry("DISK_FULL", SignalType.DISK_FULL),
            Map.entry("CERTIFICATE", SignalType.CERTIFICATE_INVALID),
            Map.entry("TLS", SignalType.CERTIFICATE_INVALID),
            Map.entry("SHUTDOWN", SignalType.NORMAL));

    private static final Pattern MISSING_CONFIG_OBJECT =
            Pattern.compile("(configmap|secret) \"?[a-z0-9.-]+\"? not found", Pattern.CASE_INSENSITIVE);

    private SignalClassifier() {
    }

    /** The type of a normalized event. */
    public static SignalType classifyEvent(String reason, String abstractType, String message, Severity severity) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        SignalType byReason = BY_REASON.get(r);
        if (byReason != null) {
            return byReason;
        }
        Optional<SignalType> refined = refine(r, m);
        if (refined.isPresent()) {
            return refined.get();
        }
        if (abstractType != null && BY_ABSTRACT_TYPE.containsKey(abstractType)) {
            return BY_ABSTRACT_TYPE.get(abstractType);
        }
        if (severity == null || severity.compareTo(Severity.WARNING) < 0) {
            return SignalType.NORMAL;
        }
        return TextRules.classify(message).orElse(severity == Severity.CRITICAL ? SignalType.FATAL_ERROR
                : SignalType.OTHER_WARNING);
    }

    /**
     * The type of a normalized log record. The level of the line decides nothing on its own: a routine line is
     * normal whatever its level, a degradation (slow statements, an exhausted pool) counts at any level (databases
     * log them at INFO or LOG), and other text counts from WARNING up or with an error class.
     */
    public static SignalType classifyLog(String errorType, String message, Severity severity) {
        boolean hasErrorType = errorType != null && !errorType.isBlank();
        SignalType byClass = hasErrorType ? BY_ERROR_TYPE.get(errorType.toUpperCase(Locale.ROOT)) : null;
        if (byClass == SignalType.NORMAL) {
            return SignalType.NORMAL;
        }
        Optional<SignalType> byText = TextRules.classify(message);
        boolean quiet = severity == null || severity.compareTo(Severity.WARNING) < 0;
        if (quiet && !hasErrorType) {
            return byText.filter(SignalClassifier::isDegradation).orElse(SignalType.NORMAL);
        }
        if (byText.isPresent()) {
            return byText.get();
        }
        if (byClass != null) {
            return byClass;
        }
        if (severity == Severity.CRITICAL) {
            return SignalType.FATAL_ERROR;
        }
        if (severity == Severity.ERROR || hasErrorType) {
            return SignalType.APPLICATION_ERROR;
        }
        return SignalType.NORMAL;
    }

    /** Types that announce a fault before errors do, and count at any log level. */
    static boolean isDegradation(SignalType t) {
        return t == SignalType.DEPENDENCY_SLOW || t == SignalType.RESOURCE_EXHAUSTED || t == SignalType.DISK_FULL;
    }

    /** Reasons whose meaning depends on the message. */
    private static Optional<SignalType> refine(String reason, String message) {
        switch (reason) {
            case "backoff":
                return Optional.of(message.contains("pulling image") ? SignalType.IMAGE_PULL_BACKOFF
                        : SignalType.CRASH_LOOP);
            case "unhealthy":
                return Optional.of(message.contains("liveness") || message.contains("startup")
                        ? SignalType.LIVENESS_FAILED : SignalType.READINESS_FAILED);
            case "killing":
                return message.contains("liveness") || message.contains("startup probe")
                        ? Optional.of(SignalType.LIVENESS_FAILED) : Optional.empty();
            case "failedcreate":
                return Optional.of(message.contains("exceeded quota") ? SignalType.RESOURCE_EXHAUSTED
                        : TextRules.classify(message).orElse(SignalType.OTHER_WARNING));
            case "failed":
                if (message.contains("imagepullbackoff")) {
                    return Optional.of(SignalType.IMAGE_PULL_BACKOFF);
                }
                if (message.contains("pull") && message.contains("image")) {
                    return Optional.of(SignalType.IMAGE_PULL_FAILED);
                }
                if (MISSING_CONFIG_OBJECT.matcher(message).find() || message.contains("createcontainerconfigerror")) {
                    return Optional.of(SignalType.CONFIG_ERROR);
                }
                return Optional.of(TextRules.classify(message).orElse(SignalType.CONTAINER_FAILED));
            default:
                return Optional.empty();
        }
    }
}
