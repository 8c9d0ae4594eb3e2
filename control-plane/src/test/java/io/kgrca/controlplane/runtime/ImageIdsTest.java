package io.kgrca.controlplane.runtime;

import io.kgrca.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ImageIdsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
    private final Map<String, String> engine = new HashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private boolean down;
    private final ImageIds ids = new ImageIds(reference -> {
        lookups.incrementAndGet();
        if (down) {
            throw new IllegalStateException("engine down");
        }
        return Optional.ofNullable(engine.get(reference));
    }, Duration.ofSeconds(10), clock);

    @Test
    void anAnswerIsReusedUntilItsTimeIsUpThenTheNewIdIsSeen() {
        engine.put("kg-x:1", "sha256:aaa");
        assertThat(ids.idOf("kg-x:1")).isEqualTo("sha256:aaa");
        engine.put("kg-x:1", "sha256:bbb");
        clock.advance(Duration.ofSeconds(9));
        assertThat(ids.idOf("kg-x:1")).isEqualTo("sha256:aaa");
        assertThat(lookups).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(ids.idOf("kg-x:1")).isEqualTo("sha256:bbb");
        assertThat(lookups).hasValue(2);
    }

    @Test
    void anEngineThatFailsOrLosesTheTagKeepsTheLastKnownId() {
        engine.put("kg-x:1", "sha256:aaa");
        assertThat(ids.idOf("kg-x:1")).isEqualTo("sha256:aaa");
        down = true;
        clock.advance(Duration.ofSeconds(11));
        assertThat(ids.idOf("kg-x:1")).isEqualTo("sha256:aaa");
        down = false;
        engine.remove("kg-x:1");
        clock.advance(Duration.ofSeconds(11));
        assertThat(ids.idOf("kg-x:1")).isEqualTo("sha256:aaa");
        assertThat(ids.idOf("kg-unknown:1")).isEmpty();
    }
}
