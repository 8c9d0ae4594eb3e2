package io.kgrca.common.worker;

import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.key.KeyCodec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A test transformation: reads a JSON object with an {@code n} field and writes {@code <loop tenant>|<n>} to the
 * output topic under key {@code <tenant>::copy::<n>}. A value that is not such JSON is rejected.
 */
final class CopyTransformer implements RecordTransformer {

    private final String outputTopic;
    private final long delayMillis;

    CopyTransformer(String outputTopic, long delayMillis) {
        this.outputTopic = outputTopic;
        this.delayMillis = delayMillis;
    }

    @Override
    public List<OutboundRecord> transform(InboundRecord record) throws RecordRejectedException {
        Map<?, ?> value;
        try {
            value = JsonCodec.shared().decode(record.value(), Map.class);
        } catch (JsonDecodeException e) {
            throw new RecordRejectedException(e.reason().code(), e.getMessage(), e);
        }
        Object n = value.get("n");
        if (n == null) {
            throw new RecordRejectedException("missing-field", "missing required field 'n'");
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] key = KeyCodec.encode(record.key().tenant(), "copy", String.valueOf(n));
        byte[] out = (record.key().tenant().value() + "|" + n).getBytes(StandardCharsets.UTF_8);
        return List.of(new OutboundRecord(outputTopic, key, out));
    }
}
