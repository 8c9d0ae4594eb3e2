package io.kgrca.common.worker;

import java.util.List;

/**
 * A pure per-record transformation, such as a normalizer: no I/O, no shared mutable state between tenants.
 * A record that cannot be transformed is rejected with a {@link RecordRejectedException}; returning an empty
 * list drops the record on purpose (for example a log level that is not forwarded).
 */
@FunctionalInterface
public interface RecordTransformer {

    /** Transforms one record of the loop's tenant into zero or more outputs. */
    List<OutboundRecord> transform(InboundRecord record) throws RecordRejectedException;
}
