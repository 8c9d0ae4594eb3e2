package io.kgrca.embedded;

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
import java.util.Properties;

/**
 * The configuration of a single-node KRaft broker (broker and controller in one process) and the storage format
 * step it needs before its first start. Without the replication-factor-1 settings a consumer group silently
 * reads nothing.
 */
public final class KRaftSettings {

    private KRaftSettings() {
    }

    /** Plain-text listeners on 127.0.0.1:{@code port} (clients) and {@code controllerPort}, data in {@code dir}. */
    public static Properties properties(Path dir, int port, int controllerPort) {
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
     * The broker logs every partition change at INFO on {@code state.change.logger}: dozens of lines per created
     * topic. With logback as the backend and no level configured for it, it is set to WARN.
     */
    public static void quietStateChangeLog() {
        if (LoggerFactory.getLogger("state.change.logger") instanceof ch.qos.logback.classic.Logger logger
                && logger.getLevel() == null) {
            logger.setLevel(Level.WARN);
        }
    }

    /** Formats the log directories {@code config} names (a fresh cluster id), with {@code extraArguments}. */
    public static void format(Path config, List<String> extraArguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
        args.addAll(extraArguments);
        int rc = StorageTool.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }
}
