package io.kgrca.lognormalizer.input;

import io.kgrca.common.model.RawLogRecord.KubernetesMeta;
import io.kgrca.common.model.RawLogRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;



/**
 * Pure: reads the agent's usual record straight from its bytes, without a JSON parser: the shape
 * {@link RawRecordReader} reads, further narrowed to what is cheap to get exactly right. Field names without
 * escapes; string values of ASCII characters and the JSON escapes; unknown fields whose value is a string,
 * {@code true}, {@code false} or {@code null}. Anything else (a byte above 127, a number, a nested unknown object,
 * a control character, bad JSON) is not read: {@link #read} returns null and the caller hands the record to
 * {@link RawRecordReader}, which gives the same record or passes it on to the shared codec with its rejection.
 * Like the streaming reader and the shared codec, it reads exactly one object: anything but whitespace after it,
 * and any member name given twice in one object (unknown ones included), is not read.
 */
final class RawRecordScanner {

    private static final byte[][] FIELDS = ascii("message", "timestamp", "stream", "file", "kubernetes", "client_id",
            "host");
    private static final byte[][] META_FIELDS = ascii("pod_name", "pod_namespace", "pod_uid", "container_name",
        "container_image", "pod_node_name", "pod_labels");

    /**
     * Per thread, the last value read for each field that repeats from one record to the next of a pod (the
     * stream, the file, the host and the pod's metadata), with its bytes: an identical value is the same String again, not
     * copied, allocated or hashed again.
     */
    private static final ThreadLocal<Recent> RECENT = ThreadLocal.withInitial(Recent::new);

    /** Slots of {@link Recent}: the six metadata fields, then these. */
    private static final int STREAM_SLOT = 6;
    private static final int FILE_SLOT = 7;
    private static final int HOST_SLOT = 8;

    private final byte[] b;
    private final Recent recent;
    private int i;
    /** Where the last name read by {@link #name()} starts in {@link #b}, and its length. */
    private int nameStart;
    private int nameLength;
    /** The unknown member names of the object being read, as offsets and lengths in {@link #b}. */
    private final int[] unknown = new int[2 * MAX_UNKNOWN];
    private int unknownCount;

    /** More unknown members than this in one object are left to the streaming reader. */
    private static final int MAX_UNKNOWN = 16;

    private RawRecordScanner(byte[] bytes) {
        this.b = bytes;
        this.recent = RECENT.get();
    }

    /** The last values read, by slot, with their bytes. */
    private static final class Recent {
        private final byte[][] bytes = new byte[9][];
        private final String[] values = new String[9];

        /** The value of bytes {@code a[from..to)} (plain ASCII): the slot's last one when the bytes are the same. */
        String of(int slot, byte[] a, int from, int to) {
            byte[] last = bytes[slot];
            if (last != null && Arrays.equals(a, from, to, last, 0, last.length)) {
                return values[slot];
            }
            bytes[slot] = Arrays.copyOfRange(a, from, to);
            values[slot] = new String(a, from, to - from, StandardCharsets.ISO_8859_1);
            return values[slot];
        }
    }

    /** The record, or null when it is not of the narrow shape. */
    static RawLogRecord read(byte[] bytes) {
        try {
            return new RawRecordScanner(bytes).record();
        } catch (UnusualShape | RuntimeException e) {
            return null;
        }
    }

    private RawLogRecord record() throws UnusualShape {
        expect('{');
        String message = null;
        Instant timestamp = null;
        String stream = null;
        String file = null;
        KubernetesMeta kubernetes = null;
        String clientId = null;
        String host = null;
        int seen = 0;
        if (!endOf()) {
            do {
                switch (field(FIELDS)) {
                    case 0 -> {
                        seen = once(seen, 1);
                        message = stringOrNull();
                    }
                    case 1 -> {
                        seen = once(seen, 2);
                        timestamp = instant();
                    }
                    case 2 -> {
                        seen = once(seen, 4);
                        stream = stringOrNull(STREAM_SLOT);
                    }
                    case 3 -> {
                        seen = once(seen, 8);
                        file = stringOrNull(FILE_SLOT);
                    }
                    case 4 -> {
                        seen = once(seen, 16);
                        kubernetes = isNull() ? null : meta();
                    }
                    case 5 -> {
                        seen = once(seen, 32);
                        clientId = stringOrNull();
                    }
                    case 6 -> {
                        seen = once(seen, 64);
                        host = stringOrNull(HOST_SLOT);
                    }
                    default -> {
                        onceUnknown(0);
                        skipScalar();
                    }
                }
            } while (more());
        }
        ws();
        if (message == null || i != b.length) {
            throw UnusualShape.INSTANCE;
        }
        return new RawLogRecord(message, timestamp, stream, file, kubernetes, clientId, host);
    }

    private KubernetesMeta meta() throws UnusualShape {
        expect('{');
        int scope = unknownCount; // the object's own names follow the top level's, which come back after it
        String[] v = new String[6];
        Map<String, String> labels = null;
        int seen = 0;
        if (!endOf()) {
            do {
                int f = field(META_FIELDS);
                if (f < 0) {
                    onceUnknown(scope);
                    skipScalar();
                    continue;
                }
                seen = once(seen, 1 << f);
                if (f < 6) {
                    v[f] = stringOrNull(f);
                } else if (!isNull()) {
                    labels = labels();
                }
            } while (more());
        }
        unknownCount = scope;
        return new KubernetesMeta(v[0], v[1], v[2], v[3], v[4], v[5], labels);
    }

    private Map<String, String> labels() throws UnusualShape {
        expect('{');
        Map<String, String> labels = new LinkedHashMap<>();
        if (!endOf()) {
            do {
                name();
                String name = new String(b, nameStart, nameLength, StandardCharsets.ISO_8859_1);
                ws();
                if (peek() != '"' || labels.put(name, string()) != null) {
                    throw UnusualShape.INSTANCE;
                }
            } while (more());
        }
        return labels;
    }

    /** Reads a member's name: its index in {@code names}, or -1. */
    private int field(byte[][] names) throws UnusualShape {
        name();
        for (int f = 0; f < names.length; f++) {
            byte[] n = names[f];
            if (n.length == nameLength && Arrays.equals(b, nameStart, nameStart + nameLength, n, 0, n.length)) {
                return f;
            }
        }
        return -1;
    }

    /**
     * The member name just read, not one of the known ones: it must not be among the unknown names of its object
     * read so far, those from {@code scope} on.
     */
    private void onceUnknown(int scope) throws UnusualShape {
        if (unknownCount == MAX_UNKNOWN) {
            throw UnusualShape.INSTANCE;
        }
        for (int k = scope; k < unknownCount; k++) {
            int start = unknown[2 * k];
            int length = unknown[2 * k + 1];
            if (length == nameLength && Arrays.equals(b, start, start + length, b, nameStart, nameStart + nameLength)) {
                throw UnusualShape.INSTANCE;
            }
        }
        unknown[2 * unknownCount] = nameStart;
        unknown[2 * unknownCount + 1] = nameLength;
        unknownCount++;
    }

    private static byte[][] ascii(String... names) {
        byte[][] out = new byte[names.length][];
        for (int k = 0; k < names.length; k++) {
            out[k] = names[k].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    private static int once(int seen, int bit) throws UnusualShape {
        if ((seen & bit) != 0) {
            throw UnusualShape.INSTANCE;
        }
        return seen | bit;
    }

    /** After an opening brace: true (and past it) when the object is empty. */
    private boolean endOf() throws UnusualShape {
        ws();
        if (peek() == '}') {
            i++;
            return true;
        }
        return false;
    }

    /** After a member: true when a comma follows, false (and past it) at the closing brace. */
    private boolean more() throws UnusualShape {
        ws();
        byte c = next();
        if (c == ',') {
            return true;
        }
        if (c == '}') {
            return false;
        }
        throw UnusualShape.INSTANCE;
    }

    /** A member's name ({@link #nameStart}, {@link #nameLength}) and its colon; names with escapes are not read. */
    private void name() throws UnusualShape {
        ws();
        expect('"');
        int start = i;
        int j = start;
        byte[] a = b;
        while (j < a.length && a[j] != '"') {
            if (a[j] == '\\' || a[j] < 0x20) { // also every byte above 127, negative as a byte
                throw UnusualShape.INSTANCE;
            }
            j++;
        }
        if (j >= a.length) {
            throw UnusualShape.INSTANCE;
        }
        nameStart = start;
        nameLength = j - start;
        i = j + 1;
        ws();
        expect(':');
    }

    private String stringOrNull() throws UnusualShape {
        return isNull() ? null : string(-1);
    }

    /** A string or null; a plain string the same as the last one of {@code slot} is that one again. */
    private String stringOrNull(int slot) throws UnusualShape {
        return isNull() ? null : string(slot);
    }

    private Instant instant() throws UnusualShape {
        if (isNull()) {
            return null;
        }
        Instant t = Instants.parseStrict(string());
        if (t == null) {
            throw UnusualShape.INSTANCE;
        }
        return t;
    }

    /** True (and past it) when the next value is {@code null}. */
    private boolean isNull() throws UnusualShape {
        ws();
        return literal("null");
    }

    private void skipScalar() throws UnusualShape {
        ws();
        if (peek() == '"') {
            string();
        } else if (!literal("null") && !literal("true") && !literal("false")) {
            throw UnusualShape.INSTANCE;
        }
    }

    /** True (and past it) when {@code word} stands here, followed by a delimiter. */
    private boolean literal(String word) throws UnusualShape {
        int n = word.length();
        if (i + n >= b.length) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        byte after = b[i + n];
        if (after != ',' && after != '}' && after != ' ' && after != '\t' && after != '\n' && after != '\r') {
            throw UnusualShape.INSTANCE;
        }
        i += n;
        return true;
    }

    /** A string value of ASCII characters and escapes. */
    private String string() throws UnusualShape {
        return string(-1);
    }

    /** A string value; when {@code slot} is not -1 and it has no escapes, through {@link Recent}. */
    private String string(int slot) throws UnusualShape {
        expect('"');
        int start = i;
        int j = start;
        byte[] a = b;
        while (j < a.length) {
            byte c = a[j];
            if (c == '"') {
                i = j + 1;
                return slot < 0 ? new String(a, start, j - start, StandardCharsets.ISO_8859_1)
                        : recent.of(slot, a, start, j);
            }
            if (c == '\\') {
                return escaped();
            }
            if (c < 0x20) { // a control character, or a byte above 127
                throw UnusualShape.INSTANCE;
            }
            j++;
        }
        throw UnusualShape.INSTANCE;
    }

    /** The string from {@link #i} to its closing quote, escapes decoded, into one array. */
    private String escaped() throws UnusualShape {
        byte[] a = b;
        int end = i;
        while (end < a.length && a[end] != '"') {
            end += a[end] == '\\' ? 2 : 1;
        }
        if (end >= a.length) {
            throw UnusualShape.INSTANCE;
        }
        char[] s = new char[end - i];
        int n = 0;
        while (true) {
            byte c = next();
            if (c == '"') {
                return new String(s, 0, n);
            }
            if (c < 0x20) {
                throw UnusualShape.INSTANCE;
            }
            if (c != '\\') {
                s[n++] = (char) c;
                continue;
            }
            byte e = next();
            s[n++] = switch (e) {
                case '"', '\\', '/' -> (char) e;
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'u' -> (char) (hex(next()) << 12 | hex(next()) << 8 | hex(next()) << 4 | hex(next()));
                default -> throw UnusualShape.INSTANCE;
            };
        }
    }

    private static int hex(byte c) throws UnusualShape {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw UnusualShape.INSTANCE;
    }

    private void ws() {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
    }

    private void expect(char c) throws UnusualShape {
        ws();
        if (next() != c) {
            throw UnusualShape.INSTANCE;
        }
    }

    private byte peek() throws UnusualShape {
        if (i >= b.length) {
            throw UnusualShape.INSTANCE;
        }
        return b[i];
    }

    private byte next() throws UnusualShape {
        if (i >= b.length) {
            throw UnusualShape.INSTANCE;
        }
        return b[i++];
    }
}
