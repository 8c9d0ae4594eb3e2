package io.kgrca.controlplane.it;

/** A stand-in worker process for the process-runtime IT: sleeps until it is terminated. */
public final class SleepMain {

    private SleepMain() {
    }

    /** Sleeps. */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("worker for " + System.getenv("CLIENT_ID") + " on port " + System.getenv("METRICS_PORT"));
        Thread.sleep(Long.MAX_VALUE);
    }
}
