package io.kgrca.local.bench;

import io.kgrca.common.topic.Topics;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes in and out of the in-process broker per topic, from its own metrics ({@code kafka.server:type=
 * BrokerTopicMetrics,name=BytesInPerSec|BytesOutPerSec,topic=<t>}, registered in this JVM's platform MBean
 * server). Out/in of a topic is the number of times each produced byte was fetched: one per worker kind reading
 * the topic when every record is read once, N with N dedicated workers of that kind. The benchmark itself
 * consumes none of these topics (it reads the graph), so every fetched byte is a worker's.
 */
final class BrokerTraffic {

    /** The data topics and the worker kind that reads each. */
    static final Map<String, String> READERS = readers();

    private BrokerTraffic() {
    }

    private static Map<String, String> readers() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Topics.RAW_K8S_EVENTS, "event-normalizer");
        m.put(Topics.RAW_K8S_LOGS, "log-normalizer");
        m.put(Topics.EVENTS_NORMALIZED, "graph-builder");
        m.put(Topics.LOGS_NORMALIZED, "graph-builder");
        m.put(Topics.STATE_K8S_RESOURCE, "graph-builder");
        m.put(Topics.STATE_K8S_TOPOLOGY, "graph-builder");
        return m;
    }

    /**
     * Counters of one topic.
     *
     * @param bytesIn     bytes produced to it
     * @param bytesOut    bytes fetched from it
     * @param messagesIn  records produced to it
     */
    record Counts(long bytesIn, long bytesOut, long messagesIn) {
        Counts minus(Counts o) {
            return new Counts(bytesIn - o.bytesIn, bytesOut - o.bytesOut, messagesIn - o.messagesIn);
        }
    }

    /** The counters of every data topic now. */
    static Map<String, Counts> snapshot() {
        Map<String, Counts> out = new LinkedHashMap<>();
        for (String topic : READERS.keySet()) {
            out.put(topic, new Counts(count("BytesInPerSec", topic), count("BytesOutPerSec", topic),
                    count("MessagesInPerSec", topic)));
        }
        return out;
    }

    /** Lines "topic: records in, bytes in, out, fetched per produced" of the difference {@code after - before}. */
    static List<String> report(Map<String, Counts> before, Map<String, Counts> after) {
        return READERS.keySet().stream().map(topic -> {
            Counts d = after.get(topic).minus(before.get(topic));
            double ratio = d.bytesIn() == 0 ? Double.NaN : (double) d.bytesOut() / d.bytesIn();
            return String.format(Locale.ROOT, "%-20s (read by %-16s) %8d records in, %10d bytes in, %11d bytes "
                    + "out: fetched %.2f times per record produced", topic, READERS.get(topic), d.messagesIn(),
                    d.bytesIn(), d.bytesOut(), ratio);
        }).toList();
    }

    private static long count(String metric, String topic) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = new ObjectName("kafka.server:type=BrokerTopicMetrics,name=" + metric + ",topic="
                    + topic);
            if (!server.isRegistered(name)) {
                return 0;
            }
            return ((Number) server.getAttribute(name, "Count")).longValue();
        } catch (Exception e) {
            return 0;
        }
    }
}
