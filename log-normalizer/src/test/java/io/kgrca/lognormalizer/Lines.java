package io.kgrca.lognormalizer;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.key.KeyCodec;
import io.kgrca.common.model.RawLogRecord;
import io.kgrca.common.worker.InboundRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds raw log records the way the agent's Vector sends them, for tests. */
public final class Lines {

    public static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private long offset;

    public static String value(String message, String pod, String container, Instant time, String clientId) {
        RawLogRecord r = new RawLogRecord(message, time, "stderr", "/var/log/pods/x.log",
                new RawLogRecord.KubernetesMeta(pod, "shop", "uid-" + pod, container, "img:1", "node-1",
                        Map.of("app", pod)), clientId);
        return JsonCodec.shared().encodeToString(r);
    }

    /** A host (journal) line as Vector's {@code journald} source sends it: no pod, the node in {@code host}. */
    public static String hostValue(String message, String host, Instant time) {
        return JsonCodec.shared().encodeToString(new RawLogRecord(message, time, null, null, null, null, host));
    }

    public InboundRecord record(String key, String value) {
        try {
            return new InboundRecord(new ConsumerRecord<>("raw.k8s.logs", 0, offset++,
                    key.getBytes(StandardCharsets.UTF_8), value == null ? null : value.getBytes(StandardCharsets.UTF_8)),
                    KeyCodec.decode(key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One record per line of {@code text}, all from pod {@code pod}, one millisecond apart. */
    public List<InboundRecord> records(String pod, String container, String text) {
        List<InboundRecord> out = new ArrayList<>();
        int i = 0;
        for (String line : text.split("\n", -1)) {
            out.add(record("af-1::log::uid-" + pod, value(line, pod, container, T0.plusMillis(i++), null)));
        }
        return out;
    }

    /** One host (journal) record per line of {@code text}, all from node {@code host}, one millisecond apart. */
    List<InboundRecord> hostRecords(String host, String text) {
        List<InboundRecord> out = new ArrayList<>();
        int i = 0;
        for (String line : text.split("\n", -1)) {
            out.add(record("af-1::log::" + host, hostValue(line, host, T0.plusMillis(i++))));
        }
        return out;
    }
}
