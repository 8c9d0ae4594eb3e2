package io.kgrca.testsupport;

import io.kgrca.embedded.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;

/**
 * A real single-node KRaft broker secured as the compose broker is (see {@link SingleNodeKRaft#securedProperties}):
 * an external {@code SASL_SSL} listener with SCRAM-SHA-512 for client clusters, an internal {@code SASL_PLAINTEXT}
 * listener with PLAIN for the server's own services, a PLAIN-authenticated controller listener, and KRaft's
 * {@code StandardAuthorizer} with no access without an ACL. Only {@value #ADMIN} is a super user.
 *
 * <p>The internal users {@link #INTERNAL_USERS} (and {@value #ADMIN}) get random passwords; SCRAM users (tenants)
 * are created at run time through the Admin API. {@link #broker()} is the admin's view: its {@code admin()},
 * {@code createTopic}, {@code newProducer} and {@code readAll} authenticate as {@value #ADMIN}.
 */
public final class SecuredKafkaBroker implements AutoCloseable {

    /** The administrator: the broker's own principal and the only super user. */
    public static final String ADMIN = "admin";
    /** The mechanism of the external listener. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    /** Users of the internal listener besides the administrator. */
    public static final List<String> INTERNAL_USERS = List.of("kg-control-plane", "kg-worker");

    private final KafkaBroker broker;
    private final String external;
    private final String internal;
    private final ServerTls tls;
    private final Map<String, String> passwords;
    private final Path tlsDir;

    private SecuredKafkaBroker(KafkaBroker broker, String external, String internal, ServerTls tls,
                               Map<String, String> passwords, Path tlsDir) {
        this.tlsDir = tlsDir;
        this.broker = broker;
        this.external = external;
        this.internal = internal;
        this.tls = tls;
        this.passwords = Map.copyOf(passwords);
    }

    /** Starts one with a self-signed certificate made by {@code keytool}; ready when it returns. */
    public static SecuredKafkaBroker startStandalone() {
        return startStandalone(ServerTls::selfSigned);
    }

    /**
     * Starts one whose external listener uses the TLS material {@code tls} returns for a fresh folder (a
     * certificate made by the repository's script, for instance).
     */
    public static SecuredKafkaBroker startStandalone(Function<Path, ServerTls> tls) {
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(ADMIN, UUID.randomUUID().toString());
        INTERNAL_USERS.forEach(u -> passwords.put(u, UUID.randomUUID().toString()));
        Path tlsDir = tempDir();
        ServerTls material = tls.apply(tlsDir);
        String[] listeners = new String[2];
        KafkaBroker broker = KafkaBroker.start(() -> {
            int externalPort = FreePorts.next();
            int internalPort = FreePorts.next();
            int controllerPort = FreePorts.next();
            listeners[0] = "127.0.0.1:" + externalPort;
            listeners[1] = "127.0.0.1:" + internalPort;
            return new KafkaBroker.Layout() {
                @Override
                public Properties properties(Path dir) {
                    return SingleNodeKRaft.securedProperties(dir, new SingleNodeKRaft.Ports(externalPort, internalPort,
                            controllerPort), material, passwords);
                }

                @Override
                public String bootstrap() {
                    return "127.0.0.1:" + internalPort;
                }

                @Override
                public Map<String, Object> clientSecurity() {
                    return Map.copyOf(internalSecurity(ADMIN, passwords.get(ADMIN)));
                }
            };
        });
        return new SecuredKafkaBroker(broker, listeners[0], listeners[1], material, passwords, tlsDir);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kg-kafka-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The administrator's view of the broker (internal listener, super user). */
    public KafkaBroker broker() {
        return broker;
    }

    /** {@code 127.0.0.1:<port>} of the SASL_SSL (SCRAM-SHA-512) listener for client clusters. */
    public String externalBootstrapServers() {
        return external;
    }

    /** {@code 127.0.0.1:<port>} of the SASL_PLAINTEXT (PLAIN) listener for the server's own services. */
    public String internalBootstrapServers() {
        return internal;
    }

    /** The TLS material of the external listener (its {@code caCertificate()} is what clients trust). */
    public ServerTls tls() {
        return tls;
    }

    /** The password of an internal user ({@value #ADMIN} or one of {@link #INTERNAL_USERS}). */
    public String internalPassword(String user) {
        String p = passwords.get(user);
        if (p == null) {
            throw new IllegalArgumentException("no internal user " + user + " (known: " + passwords.keySet() + ")");
        }
        return p;
    }

    /** Client properties for {@code user} on the external listener: SASL_SSL, SCRAM-SHA-512, the PEM CA. */
    public Map<String, Object> externalClientProps(String user, String password) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", external);
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", SCRAM_MECHANISM);
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", tls.caCertificate().toString());
        return p;
    }

    /**
     * The environment variables a client cluster's agent gets for {@code user} on the external listener, named as
     * the chart renders them ({@code KAFKA_BROKERS}, {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*},
     * {@code KAFKA_SSL_TRUSTSTORE_*}).
     */
    public Map<String, String> externalClientEnv(String user, String password) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BROKERS", external);
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", SCRAM_MECHANISM);
        env.put("KAFKA_SASL_USERNAME", user);
        env.put("KAFKA_SASL_PASSWORD", password);
        env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", tls.caCertificate().toString());
        return env;
    }

    /** Client properties for an internal user on the internal listener (SASL_PLAINTEXT, PLAIN). */
    public Map<String, Object> internalClientProps(String user, String password) {
        Map<String, Object> p = new LinkedHashMap<>(internalSecurity(user, password));
        p.put("bootstrap.servers", internal);
        return p;
    }

    /** The environment of an internal service for {@code user} ({@code KafkaSettings} variable names). */
    public Map<String, String> internalClientEnv(String user) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BROKERS", internal);
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("KAFKA_SASL_MECHANISM", "PLAIN");
        env.put("KAFKA_SASL_USERNAME", user);
        env.put("KAFKA_SASL_PASSWORD", internalPassword(user));
        return env;
    }

    private static Map<String, Object> internalSecurity(String user, String password) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }

    /** Stops the broker and deletes its data; a second call does nothing. */
    @Override
    public void close() {
        broker.close();
        TempDirs.deleteQuietly(tlsDir);
    }
}
