package io.kgrca.rcaeval.pipeline;

import io.kgrca.agent.replay.ReplayRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How a replay's records reach the workers: in time order in large batches (full speed), in time order in small
 * batches (paced), or reordered at random within a bounded delay of their timestamps, keeping each key's order as
 * a Kafka partition keeps it (shuffled). Pure; the shuffle is seeded.
 */
public enum ReplayMode {
    /** Time order, batches of 2000. */
    FULL(2000),
    /** Time order, batches of 20. */
    PACED(20),
    /** Arrival = timestamp + a random delay of up to 30 s, per-key order kept; batches of 200. */
    SHUFFLED(200);

    /** The bound of the shuffled mode's delay. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final int batchSize;

    ReplayMode(int batchSize) {
        this.batchSize = batchSize;
    }

    /** Records per batch (one poll of every worker, one graph transaction). */
    public int batchSize() {
        return batchSize;
    }

    /** The records in the order this mode delivers them; {@code seed} drives the shuffle. */
    public List<ReplayRecord> order(List<ReplayRecord> inTimeOrder, long seed) {
        if (this != SHUFFLED) {
            return List.copyOf(inTimeOrder);
        }
        Random rng = new Random(seed);
        Map<String, Long> lastArrivalPerKey = new HashMap<>();
        List<long[]> arrivals = new ArrayList<>(); // {arrival ms, index}
        for (int i = 0; i < inTimeOrder.size(); i++) {
            ReplayRecord r = inTimeOrder.get(i);
            long arrival = r.at().toEpochMilli() + (long) (rng.nextDouble() * MAX_DELAY.toMillis());
            // One key is one partition: its records cannot overtake each other.
            long kept = Math.max(arrival, lastArrivalPerKey.getOrDefault(r.key(), Long.MIN_VALUE));
            lastArrivalPerKey.put(r.key(), kept);
            arrivals.add(new long[] {kept, i});
        }
        arrivals.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
        return arrivals.stream().map(a -> inTimeOrder.get((int) a[1])).toList();
    }
}
