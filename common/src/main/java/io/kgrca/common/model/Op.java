package io.kgrca.common.model;

/** What a state record does to the object it describes. */
public enum Op {
    /** Create or replace. */
    UPSERT,
    /** Remove (a null-value tombstone means the same). */
    DELETE
}
