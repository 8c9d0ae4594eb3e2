package io.kgrca.controlplane.it;

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
                java.nio.file.Path p = java.nio.file.Path.of(file);
                System.out.println("secret-file-mode=" + java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(p)));
                System.out.println("secret=" + java.nio.file.Files.readString(p));
            } catch (java.io.IOException e) {
                System.out.println("secret-file-unreadable=" + e);
            }
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
