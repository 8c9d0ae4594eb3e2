package io.kgrca.common.worker;

import io.kgrca.testsupport.KafkaBroker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts {@link CopyWorkerMain} as a child JVM, so that tests can SIGKILL or SIGTERM a real worker process. */
final class WorkerProcess {

    private WorkerProcess() {
    }

    static Process start(KafkaBroker broker, String tenant, String in, String out, long delayMillis) throws IOException {
        return start(broker.bootstrapServers(), tenant, in, out, delayMillis);
    }

    static Process start(String bootstrap, String tenant, String in, String out, long delayMillis) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CopyWorkerMain.class.getName()));
        Map<String, String> env = pb.environment();
        env.put("CLIENT_ID", tenant);
        env.put("KAFKA_BROKERS", bootstrap);
        env.put("INPUT_TOPICS", in);
        env.put("OUTPUT_TOPIC", out);
        env.put("COPY_DELAY_MS", String.valueOf(delayMillis));
        env.put("POLL_TIMEOUT", "200ms");
        env.put("MAX_POLL_RECORDS", "20");
        env.put("SHUTDOWN_TIMEOUT", "15s");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/worker-process.log")));
        return pb.start();
    }
}
