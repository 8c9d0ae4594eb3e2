package io.kgrca.testsupport;

import io.kgrca.embedded.KRaftSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The test brokers' configuration: the plain single-node KRaft settings and storage format of the embedded
 * module ({@link KRaftSettings}), and the secured layout the compose broker has.
 */
final class SingleNodeKRaft {

    private SingleNodeKRaft() {
    }

    static Properties properties(Path dir, int port, int controllerPort) {
        return KRaftSettings.properties(dir, port, controllerPort);
    }

    /**
     * Ports of a secured broker.
     *
     * @param external   the SASL_SSL listener for client clusters
     * @param internal   the SASL_PLAINTEXT listener for the server's own services (and inter-broker traffic)
     * @param controller the controller listener
     */
    record Ports(int external, int internal, int controller) {
    }

    /**
     * The secured configuration that {@code compose/docker-compose.yml} gives its broker, on 127.0.0.1:
     * {@code EXTERNAL} is SASL_SSL with SCRAM-SHA-512 only (tenants' credentials live in the cluster metadata,
     * created through the Admin API); {@code INTERNAL} is SASL_PLAINTEXT with PLAIN and static users (the
     * administrator and the internal services, from {@code passwords}); {@code CONTROLLER} is SASL_PLAINTEXT
     * with PLAIN as the administrator (SCRAM cannot authenticate controller traffic: its credentials are in the
     * metadata the controller serves). {@code StandardAuthorizer} with {@code User:admin} as the only super user.
     */
    static Properties securedProperties(Path dir, Ports ports, ServerTls tls, Map<String, String> passwords) {
        Properties p = properties(dir, ports.internal(), ports.controller());
        String admin = passwords.get("admin");
        p.put("listeners", "EXTERNAL://127.0.0.1:" + ports.external() + ",INTERNAL://127.0.0.1:" + ports.internal()
                + ",CONTROLLER://127.0.0.1:" + ports.controller());
        p.put("advertised.listeners", "EXTERNAL://127.0.0.1:" + ports.external() + ",INTERNAL://127.0.0.1:"
                + ports.internal());
        p.put("listener.security.protocol.map", "EXTERNAL:SASL_SSL,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "INTERNAL");
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.external.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.external.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.external.ssl.keystore.location", tls.keystore().toString());
        p.put("listener.name.external.ssl.keystore.password", tls.keystorePassword());
        p.put("listener.name.external.ssl.key.password", tls.keystorePassword());
        p.put("listener.name.external.ssl.keystore.type", tls.keystoreType());
        p.put("listener.name.external.connections.max.reauth.ms", "600000");
        p.put("listener.name.internal.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.internal.plain.sasl.jaas.config", plainJaas(admin, passwords));
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config", plainJaas(admin, Map.of("admin", admin)));
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:admin");
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    private static String plainJaas(String adminPassword, Map<String, String> users) {
        StringBuilder b = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"admin\" password=\"").append(adminPassword).append('"');
        users.forEach((user, password) -> b.append(" user_").append(user).append("=\"").append(password).append('"'));
        return b.append(';').toString();
    }

    static void quietStateChangeLog() {
        KRaftSettings.quietStateChangeLog();
    }

    static void format(Path config, List<String> extraArguments) {
        KRaftSettings.format(config, extraArguments);
    }
}
