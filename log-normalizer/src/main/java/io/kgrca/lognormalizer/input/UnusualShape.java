package io.kgrca.lognormalizer.input;

/**
 * A raw log record is not of the shape a fast reader handles ({@link RawRecordScanner}, {@link RawRecordReader});
 * the caller falls back to the general decoder. One shared instance, thrown without a stack trace, so the fallback
 * costs no allocation.
 */
final class UnusualShape extends Exception {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    static final UnusualShape INSTANCE = new UnusualShape();

    private UnusualShape() {
        super(null, null, false, false);
    }
}
