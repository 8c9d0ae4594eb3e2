package io.kgrca.controlplane.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;


/**
 * A stand-in worker process for the process-runtime IT: reports whether a Neo4j password reached it as a variable
 * or as a file (with the file's permissions and content), then sleeps until it is terminated.
 */
public final class SleepMain {

    private SleepMain() {
    }

    /** Sleeps. */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("worker for " + System.getenv("CLIENT_ID") + " on port " + System.getenv("METRICS_PORT"));
        System.out.println("secret-env=" + (System.getenv("NEO4J_PASSWORD") == null ? "absent" : "present"));
        String file = System.getenv("NEO4J_PASSWORD_FILE");
        if (file != null) {
            try {
                Path p = Path.of(file);
                System.out.println("secret-file-mode=" + PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(p)));
                System.out.println("secret=" + Files.readString(p));
            } catch (IOException e) {
                System.out.println("secret-file-unreadable=" + e);
            }
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
