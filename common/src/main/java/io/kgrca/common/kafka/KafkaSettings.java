package io.kgrca.common.kafka;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Kafka connection settings read from the environment, shared by the control plane, the workers and the agent.
 *
 * <p>{@code KAFKA_SECURITY_PROTOCOL} is one of Kafka's protocols ({@code PLAINTEXT}, {@code SSL},
 * {@code SASL_PLAINTEXT}, {@code SASL_SSL}); the SASL mechanism goes in {@code KAFKA_SASL_MECHANISM}, and the
 * JAAS login module follows the mechanism ({@code PlainLoginModule} for PLAIN, {@code ScramLoginModule} for
 * SCRAM).
 *
 * @param brokers  bootstrap servers, {@code host:port[,host:port]}
 * @param security every client property beyond the bootstrap servers (security, TLS)
 * @param env      the variables to pass on unchanged to a worker so it connects the same way
 */
public record KafkaSettings(String brokers, Map<String, String> security, Map<String, String> env) {

    /** Every variable this class reads; workers receive the ones that are set. */
    public static final List<String> VARIABLES = List.of(
            "KAFKA_BROKERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME",
            "KAFKA_SASL_PASSWORD", "KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_TRUSTSTORE_PASSWORD",
            "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_KEYSTORE_LOCATION", "KAFKA_SSL_KEYSTORE_PASSWORD",
            "KAFKA_SSL_KEYSTORE_TYPE", "KAFKA_SSL_KEY_PASSWORD", "KAFKA_SSL_ENDPOINT_IDENTIFICATION");

    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    /** Copies the maps. */
    public KafkaSettings {
        security = Map.copyOf(security);
        env = Map.copyOf(env);
    }

    /** Plain-text settings for {@code brokers}, as tests and the local mode use. */
    public static KafkaSettings plaintext(String brokers) {
        return new KafkaSettings(brokers, Map.of(), Map.of("KAFKA_BROKERS", brokers));
    }

    /** Reads and validates the variables in {@link #VARIABLES}; {@code KAFKA_BROKERS} defaults to {@code fallbackBrokers}. */
    public static KafkaSettings fromEnv(Env env, String fallbackBrokers) {
        String brokers = env.string("KAFKA_BROKERS", fallbackBrokers);
        if (brokers == null || brokers.isBlank()) {
            throw new InvalidConfigurationException("KAFKA_BROKERS", "is required but not set");
        }
        for (String b : brokers.split(",")) {
            if (!b.trim().matches("[^\\s:]+:\\d{1,5}")) {
                throw new InvalidConfigurationException("KAFKA_BROKERS", "'" + b + "' is not host:port");
            }
        }
        Map<String, String> props = new LinkedHashMap<>();
        String protocol = env.string("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT").toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new InvalidConfigurationException("KAFKA_SECURITY_PROTOCOL",
                    "'" + protocol + "' is not one of " + PROTOCOLS + " (the SASL mechanism goes in KAFKA_SASL_MECHANISM)");
        }
        props.put("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            addSasl(env, props);
        }
        if (protocol.endsWith("SSL")) {
            addTls(env, props);
        }
        Map<String, String> passOn = new LinkedHashMap<>();
        for (String v : VARIABLES) {
            env.optional(v).ifPresent(value -> passOn.put(v, value));
        }
        passOn.put("KAFKA_BROKERS", brokers);
        return new KafkaSettings(brokers, props, passOn);
    }

    /** Client properties for a producer, consumer or admin client. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> p = new LinkedHashMap<>(security);
        p.put("bootstrap.servers", brokers);
        return p;
    }

    private static void addSasl(Env env, Map<String, String> props) {
        String mechanism = env.optional("KAFKA_SASL_MECHANISM")
                .orElseThrow(() -> new InvalidConfigurationException("KAFKA_SASL_MECHANISM",
                        "is required when KAFKA_SECURITY_PROTOCOL is SASL_*"))
                .toUpperCase(Locale.ROOT);
        if (!MECHANISMS.contains(mechanism)) {
            throw new InvalidConfigurationException("KAFKA_SASL_MECHANISM", "'" + mechanism + "' is not one of " + MECHANISMS);
        }
        String user = env.required("KAFKA_SASL_USERNAME");
        String password = env.required("KAFKA_SASL_PASSWORD");
        String module = mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        props.put("sasl.mechanism", mechanism);
        props.put("sasl.jaas.config", module + " required username=\"" + jaasEscape(user)
                + "\" password=\"" + jaasEscape(password) + "\";");
    }

    private static void addTls(Env env, Map<String, String> props) {
        env.optional("KAFKA_SSL_TRUSTSTORE_LOCATION").ifPresent(v -> props.put("ssl.truststore.location", v));
        env.optional("KAFKA_SSL_TRUSTSTORE_PASSWORD").ifPresent(v -> props.put("ssl.truststore.password", v));
        env.optional("KAFKA_SSL_TRUSTSTORE_TYPE").ifPresent(v -> props.put("ssl.truststore.type", v));
        env.optional("KAFKA_SSL_KEYSTORE_LOCATION").ifPresent(v -> props.put("ssl.keystore.location", v));
        env.optional("KAFKA_SSL_KEYSTORE_PASSWORD").ifPresent(v -> props.put("ssl.keystore.password", v));
        env.optional("KAFKA_SSL_KEYSTORE_TYPE").ifPresent(v -> props.put("ssl.keystore.type", v));
        env.optional("KAFKA_SSL_KEY_PASSWORD").ifPresent(v -> props.put("ssl.key.password", v));
        env.optional("KAFKA_SSL_ENDPOINT_IDENTIFICATION")
                .ifPresent(v -> props.put("ssl.endpoint.identification.algorithm", v.equalsIgnoreCase("none") ? "" : v));
    }

    private static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return "KafkaSettings[brokers=" + brokers + ", security.protocol=" + security.get("security.protocol") + "]";
    }
}
