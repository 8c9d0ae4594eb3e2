package io.kgrca.controlplane.registry;

import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottledWarningTest {

    @Test
    void oneWarningPerPeriodTheRestAtDebugAndTheSuppressedAreCounted() {
        List<String> lines = new ArrayList<>();
        Logger log = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[]{Logger.class},
                (proxy, method, args) -> {
                    if ((method.getName().equals("warn") || method.getName().equals("debug")) && args != null
                            && args.length == 2 && args[0] instanceof String f) {
                        lines.add(method.getName() + " " + f);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        ThrottledWarning w = new ThrottledWarning(log, clock, Duration.ofSeconds(10));

        w.warn("tenant {}: x", "a");
        w.warn("tenant {}: x", "b");
        w.warn("tenant {}: x", "c");
        clock.advance(Duration.ofSeconds(10));
        w.warn("tenant {}: x", "d");

        assertThat(lines).containsExactly("warn tenant {}: x", "debug tenant {}: x", "debug tenant {}: x",
                "warn tenant {}: x (2 similar lines suppressed before this one)");
    }
}
