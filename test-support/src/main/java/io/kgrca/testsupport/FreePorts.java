package io.kgrca.testsupport;

import io.kgrca.embedded.LoopbackPorts;

/** Finds free TCP ports on 127.0.0.1 (the embedded module's {@link LoopbackPorts}). */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port that was free a moment ago on the loopback address. */
    public static int next() {
        return LoopbackPorts.next();
    }
}
