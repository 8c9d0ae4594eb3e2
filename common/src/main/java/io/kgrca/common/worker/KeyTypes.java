package io.kgrca.common.worker;

import io.kgrca.common.key.KeyForm;
import io.kgrca.common.key.RecordKey;

import java.util.Map;

/**
 * Pure: the key type each input topic of a worker carries, and the check that a record's key has it (issue 12,
 * item 6). A full key {@code <client>::<type>::<id>} must name its topic's type; the legacy two-part form
 * {@code <client>::<id>}, which has no type to contradict, takes the topic's type; a bare {@code <client>} key
 * names no record and is rejected, as is any record on a topic the worker has no type for. A rejection has the
 * reason {@link #UNEXPECTED_KEY_TYPE} and goes to the dead-letter topic like any other.
 */
public final class KeyTypes {

    /** The reason code of a record whose key type is not its topic's. */
    public static final String UNEXPECTED_KEY_TYPE = "unexpected-key-type";

    private final Map<String, String> typeOfTopic;

    private KeyTypes(Map<String, String> typeOfTopic) {
        this.typeOfTopic = Map.copyOf(typeOfTopic);
    }

    /** The check for a worker whose topics carry these types. */
    public static KeyTypes of(Map<String, String> typeOfTopic) {
        return new KeyTypes(typeOfTopic);
    }

    /** The check for a worker with one input topic. */
    public static KeyTypes of(String topic, String type) {
        return new KeyTypes(Map.of(topic, type));
    }

    /** The type the topic carries, or null when the worker has none for it. */
    public String typeOf(String topic) {
        return typeOfTopic.get(topic);
    }

    /** The record's type: its topic's; throws {@link RecordRejectedException} when the key says otherwise. */
    public String require(InboundRecord record) throws RecordRejectedException {
        RecordKey key = record.key();
        String expected = typeOfTopic.get(record.topic());
        if (expected == null) {
            throw new RecordRejectedException(UNEXPECTED_KEY_TYPE, "topic " + record.topic()
                    + " carries no key type this worker handles (it handles " + typeOfTopic + ")");
        }
        if (key.form() == KeyForm.TENANT_ONLY) {
            throw new RecordRejectedException(UNEXPECTED_KEY_TYPE, "key '" + key + "' on " + record.topic()
                    + " is a bare tenant id; records here are keyed <client>::" + expected + "::<id>");
        }
        if (key.form() == KeyForm.FULL && !expected.equals(key.type())) {
            throw new RecordRejectedException(UNEXPECTED_KEY_TYPE, "key type '" + key.type() + "' on "
                    + record.topic() + " is not '" + expected + "', the only type this topic carries");
        }
        return expected;
    }
}
