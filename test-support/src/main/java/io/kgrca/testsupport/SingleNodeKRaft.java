package io.kgrca.testsupport;

import ch.qos.logback.classic.Level;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration of a single-node KRaft broker (broker and controller in one process) and the storage format
 * step it needs before its first start. Without the replication-factor-1 settings a consumer group silently
 * reads nothing.
 */
final class SingleNodeKRaft {

    private SingleNodeKRaft() {
    }

    static Properties properties(Path dir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        // Compacted topics with a short segment.ms get cleaned within seconds, not after the default 15 s back-off.
        p.put("log.cleaner.backoff.ms", "500");
        // Room for large batches of log lines; newProducer() allows the same request size.
        p.put("message.max.bytes", String.valueOf(5 * 1024 * 1024));
        return p;
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

    /**
     * The broker logs every partition change at INFO on {@code state.change.logger}: dozens of lines per created
     * topic. With logback (the tests' backend) and no level configured for it, it is set to WARN.
     */
    static void quietStateChangeLog() {
        if (LoggerFactory.getLogger("state.change.logger") instanceof ch.qos.logback.classic.Logger logger
                && logger.getLevel() == null) {
            logger.setLevel(Level.WARN);
        }
    }

    static void format(Path config, List<String> extraArguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
        args.addAll(extraArguments);
        int rc = StorageTool.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }
}
