package io.kgrca.common.config;

import java.util.List;
import java.util.stream.Stream;

/**
 * The variables that carry secrets. The control plane hands them to workers as files ({@code <NAME>_FILE}, read-only,
 * mode 0400), never as environment variables; workers read them with {@link Env#withSecretFiles}, and a plain
 * {@code NAME} remains the fallback for a worker started by hand.
 */
public final class SecretNames {

    /** Every secret a worker may receive. */
    public static final List<String> WORKER = List.of("NEO4J_PASSWORD", "KAFKA_SASL_PASSWORD",
            "KAFKA_SSL_TRUSTSTORE_PASSWORD", "KAFKA_SSL_KEYSTORE_PASSWORD", "KAFKA_SSL_KEY_PASSWORD",
            "RCA_READ_TOKEN", "RCA_READ_KEY");

    /** Every secret the control plane reads: the workers' (it passes them on) and the workers' own SASL password. */
    public static final List<String> CONTROL_PLANE = Stream.concat(WORKER.stream(),
            Stream.of("WORKER_KAFKA_SASL_PASSWORD")).toList();

    private SecretNames() {
    }

    /** True when {@code name} is one of {@link #WORKER}. */
    public static boolean isSecret(String name) {
        return WORKER.contains(name);
    }
}
