package io.kgrca.graphbuilder.signal;

import io.kgrca.graphbuilder.signal.SignalType;


/** Reading stored signal values back. */
public final class CausalValues {

    private CausalValues() {
    }

    /** The stored type name as a {@link SignalType}; unknown or missing names count as a warning. */
    public static SignalType typeOf(String name) {
        if (name == null) {
            return SignalType.OTHER_WARNING;
        }
        try {
            return SignalType.valueOf(name);
        } catch (IllegalArgumentException e) {
            return SignalType.OTHER_WARNING;
        }
    }
}
