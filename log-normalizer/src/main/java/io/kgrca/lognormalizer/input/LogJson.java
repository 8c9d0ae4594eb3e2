package io.kgrca.lognormalizer.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.kgrca.common.json.JsonCodec;
import io.kgrca.common.json.JsonDecodeException;
import io.kgrca.common.model.NormalizedLog;
import io.kgrca.common.model.RawLogRecord;
import io.kgrca.common.model.Subject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;



/**
 * The worker's JSON, the shared {@link JsonCodec}'s results, only faster. Raw records are read by
 * {@link RawRecordScanner} (straight from the bytes, for the agent's plain ASCII records), else by
 * {@link RawRecordReader} (streaming, no data binding, no {@code DateTimeFormatter}); one neither takes as it
 * is (another timestamp shape, a missing message, bad JSON...) is decoded by the shared codec, so every rejection
 * and its reason stay those of {@link JsonCodec}. Outputs are written field by field with the shared mapper's
 * generator, {@link Instant}s by {@link Instants}: the same bytes as data binding (an {@link ObjectWriter} bound to
 * {@link NormalizedLog}, kept for the equivalence test), without its per-record set-up.
 */
public final class LogJson {

    private static final LogJson SHARED = new LogJson();

    private final JsonFactory factory;
    private final RawRecordReader rawReader;
    private final ObjectWriter logWriter;

    private LogJson() {
        SimpleModule instants = new SimpleModule("log-normalizer-instants");
        instants.addSerializer(Instant.class, new InstantWriter());
        ObjectMapper mapper = JsonCodec.shared().mapper().copy().registerModule(instants);
        this.factory = mapper.getFactory();
        this.rawReader = new RawRecordReader(factory);
        this.logWriter = mapper.writerFor(NormalizedLog.class);
    }

    /** The codec. */
    public static LogJson shared() {
        return SHARED;
    }

    /** {@code bytes} as a raw record, exactly as {@link JsonCodec#decode} reads it or rejects it. */
    public RawLogRecord decodeRaw(byte[] bytes) throws JsonDecodeException {
        RawLogRecord r = bytes == null || bytes.length == 0 ? null : RawRecordScanner.read(bytes);
        if (r == null && bytes != null && bytes.length > 0) {
            r = rawReader.read(bytes);
        }
        return r != null ? r : JsonCodec.shared().decode(bytes, RawLogRecord.class);
    }

    /**
     * {@code log} as UTF-8 JSON, the same bytes as {@link JsonCodec#encode}: written field by field with the shared
     * mapper's generator, in the record's order, nulls left out, as data binding writes it.
     */
    public byte[] encode(NormalizedLog log) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + length(log.message()) + length(log.template())
                + length(log.stackTrace()) + length(log.level()) + length(log.errorType()));
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            field(g, "log_id", log.logId());
            field(g, "timestamp", log.timestamp() == null ? null : Instants.format(log.timestamp()));
            field(g, "severity", log.severity() == null ? null : log.severity().name());
            field(g, "level", log.level());
            field(g, "format", log.format());
            field(g, "error_type", log.errorType());
            field(g, "template_id", log.templateId());
            field(g, "template", log.template());
            field(g, "message", log.message());
            field(g, "stack_trace", log.stackTrace());
            if (log.lineCount() != null) {
                g.writeNumberField("line_count", log.lineCount());
            }
            Subject s = log.subject();
            if (s != null) {
                g.writeObjectFieldStart("subject");
                field(g, "kind", s.kind());
                field(g, "uid", s.uid());
                field(g, "namespace", s.namespace());
                field(g, "name", s.name());
                g.writeEndObject();
            }
            field(g, "container", log.container());
            field(g, "node", log.node());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode NormalizedLog", e);
        }
        return out.toByteArray();
    }

    /** The bytes data binding writes for {@code log}, for the equivalence test. */
    byte[] encodeByBinding(NormalizedLog log) {
        try {
            return logWriter.writeValueAsBytes(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode NormalizedLog", e);
        }
    }

    /** A guess at the bytes of a value, so the output buffer seldom grows. */
    private static int length(String value) {
        return value == null ? 0 : value.length() + (value.length() >> 3);
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** Writes {@link Instant#toString()}, as the shared codec does (dates are not written as timestamps). */
    private static final class InstantWriter extends StdSerializer<Instant> {

        InstantWriter() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Instants.format(value));
        }
    }
}
