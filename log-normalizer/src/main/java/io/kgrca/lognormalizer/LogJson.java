package io.kgrca.lognormalizer;

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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The worker's JSON, the shared {@link JsonCodec}'s results, only faster. Raw records are read by
 * {@link RawRecordReader} (streaming, no data binding, no {@code DateTimeFormatter}); one it does not take as it
 * is (another timestamp shape, a missing message, bad JSON...) is decoded by the shared codec, so every rejection
 * and its reason stay those of {@link JsonCodec}. Outputs are written by an {@link ObjectWriter} bound once to
 * {@link NormalizedLog}, on a copy of the shared mapper whose {@link Instant}s are written by {@link Instants}:
 * the same bytes.
 */
final class LogJson {

    private static final LogJson SHARED = new LogJson();

    private final RawRecordReader rawReader;
    private final ObjectWriter logWriter;

    private LogJson() {
        SimpleModule instants = new SimpleModule("log-normalizer-instants");
        instants.addSerializer(Instant.class, new InstantWriter());
        ObjectMapper mapper = JsonCodec.shared().mapper().copy().registerModule(instants);
        this.rawReader = new RawRecordReader(mapper.getFactory());
        this.logWriter = mapper.writerFor(NormalizedLog.class);
    }

    /** The codec. */
    static LogJson shared() {
        return SHARED;
    }

    /** {@code bytes} as a raw record, exactly as {@link JsonCodec#decode} reads it or rejects it. */
    RawLogRecord decodeRaw(byte[] bytes) throws JsonDecodeException {
        RawLogRecord r = bytes == null || bytes.length == 0 ? null : rawReader.read(bytes);
        return r != null ? r : JsonCodec.shared().decode(bytes, RawLogRecord.class);
    }

    /** {@code log} as UTF-8 JSON, the same bytes as {@link JsonCodec#encode}. */
    byte[] encode(NormalizedLog log) {
        try {
            return logWriter.writeValueAsBytes(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode NormalizedLog", e);
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
