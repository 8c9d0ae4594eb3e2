package io.kgrca.controlplane.it;

import io.kgrca.controlplane.Main;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs {@link Main} in a child JVM, so that a test can SIGKILL a real control-plane process. */
final class ControlPlaneProcess {

    private ControlPlaneProcess() {
    }

    static Process start(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/control-plane-process.log")));
        return pb.start();
    }
}
