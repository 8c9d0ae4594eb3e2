package io.kgrca.testsupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness of the normalizers' bad-input corpus ITs: publish a corpus of inputs (each with the outcome it must
 * have) to one partition of a raw topic, then one valid record, run the real worker over it (the test does that),
 * and account for every record of the topic: outputs, dead letters whose reason starts with the expected code,
 * records skipped by reason (the worker's {@code kg_worker_records_skipped_total}), and records a worker consumes
 * on purpose and counts (such as the log normalizer's blank and filtered lines). Other tests' records on the same
 * topic are the other tenants' and count as {@code foreign} skips.
 */
public final class BadInputCorpus {

    private BadInputCorpus() {
    }

    /**
     * One input and what must become of it: {@code output}, {@code dlq:<reason prefix>}, {@code skip:<reason>}, or
     * the name of a counter of records consumed on purpose ({@code blank}, {@code filtered}...).
     */
    public record Input(String category, byte[] key, byte[] value, String expect) {
    }

    /**
     * What was published: the corpus by offset, every record of the topic, and those of other tests.
     *
     * @param byOffset the inputs by their offset in partition 0
     * @param all      the topic's end offsets summed over its partitions after the publication
     * @param others   records of other tests (all of them keyed for other, valid tenants)
     */
    public record Published(Map<Long, Input> byOffset, long all, long others) {
    }

    /**
     * What the worker did, as the test read it after the worker's group caught up.
     *
     * @param deadLetters the dead letters of this tenant from the raw topic: reason by source offset
     * @param outputs     this tenant's outputs
     * @param skipped     {@code kg_worker_records_skipped_total} by reason
     * @param consumed    the counters of records consumed on purpose, by the name inputs expect
     */
    public record Outcome(Map<Long, String> deadLetters, long outputs, Map<String, Double> skipped,
                          Map<String, Double> consumed) {
    }

    /** UTF-8 bytes of {@code s}, or null. */
    public static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes {@code corpus} to partition 0 of {@code topic}, then the valid record {@code lastKey}/{@code lastValue}. */
    public static Published publish(KafkaBroker broker, String topic, List<Input> corpus, byte[] lastKey,
                                    byte[] lastValue) throws ExecutionException, InterruptedException {
        Map<Long, Input> byOffset = new TreeMap<>();
        try (KafkaProducer<byte[], byte[]> p = broker.newProducer()) {
            for (Input i : corpus) {
                byOffset.put(p.send(new ProducerRecord<>(topic, 0, i.key(), i.value())).get().offset(), i);
            }
            p.send(new ProducerRecord<>(topic, 0, lastKey, lastValue)).get();
        }
        long all = Offsets.end(broker.admin(), topic);
        return new Published(byOffset, all, all - corpus.size() - 1);
    }

    /**
     * Checks that every input had its expected outcome and that the outcomes account for every record of the
     * topic; prints the table by category and outcome (the one in docs/hardening.md) first.
     */
    public static void verify(String worker, String tenant, Published published, Outcome outcome, int minimumSize) {
        Map<String, int[]> table = new TreeMap<>();
        Map<String, Integer> expectedSkips = new HashMap<>();
        Map<String, Integer> expectedConsumed = new HashMap<>();
        int expectedOutputs = 1; // the valid record at the end
        int expectedDeadLetters = 0;
        List<String> wrong = new ArrayList<>();
        Map<Long, String> dead = outcome.deadLetters();
        for (Map.Entry<Long, Input> e : published.byOffset().entrySet()) {
            Input i = e.getValue();
            String reason = dead.get(e.getKey());
            table.computeIfAbsent(i.category() + " | " + i.expect(), c -> new int[1])[0]++;
            if (i.expect().startsWith("dlq:")) {
                expectedDeadLetters++;
                check(wrong, reason != null && reason.startsWith(i.expect().substring(4)), i, e.getKey(), reason);
                continue;
            }
            if (i.expect().equals("output")) {
                expectedOutputs++;
            } else if (i.expect().startsWith("skip:")) {
                expectedSkips.merge(i.expect().substring(5), 1, Integer::sum);
            } else {
                expectedConsumed.merge(i.expect(), 1, Integer::sum);
            }
            check(wrong, reason == null, i, e.getKey(), reason);
        }
        expectedSkips.merge("foreign", (int) published.others(), Integer::sum);
        System.out.println("tenant " + tenant + ": " + worker + " bad-input corpus, " + published.byOffset().size()
                + " inputs");
        table.forEach((row, n) -> System.out.println("| " + row + " | " + n[0] + " |"));

        assertEquals(List.of(), wrong, "inputs whose outcome is not the expected one");
        assertTrue(published.byOffset().size() >= minimumSize, "a corpus of at least " + minimumSize + " inputs");
        expectedConsumed.forEach((name, n) -> assertEquals(n.doubleValue(), outcome.consumed().getOrDefault(name, 0.0),
                "records counted as " + name));
        assertEquals(expectedDeadLetters, dead.size(), "dead letters, one per input that expects one");
        assertEquals(expectedOutputs, outcome.outputs(), "outputs");
        expectedSkips.forEach((reason, n) -> assertEquals(n.doubleValue(),
                outcome.skipped().getOrDefault(reason, 0.0), "skipped " + reason));
        double accounted = dead.size() + outcome.outputs() + sum(outcome.consumed()) + sum(outcome.skipped());
        assertEquals((double) published.all(), accounted, "every record of the topic accounted for");
    }

    private static double sum(Map<String, Double> counts) {
        return counts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static void check(List<String> wrong, boolean ok, Input i, long offset, String reason) {
        if (!ok) {
            wrong.add(i.category() + " at offset " + offset + " (key " + (i.key() == null ? "null"
                    : new String(i.key(), 0, Math.min(60, i.key().length), StandardCharsets.UTF_8)) + "): expected "
                    + i.expect() + ", dead-lettered as " + reason);
        }
    }
}
