package io.kgrca.agent.state;

import io.kgrca.agent.Fixtures;
import io.kgrca.agent.k8s.EventMapper;
import io.kgrca.agent.state.EventTracker.EventItem;
import io.kgrca.common.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class EventTrackerTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:10:00Z");
    private final EventMapper mapper = new EventMapper();
    private final EventTracker tracker = new EventTracker(TenantId.of("acme"), Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(5));

    private EventItem event(int count, String last) {
        return mapper.map(Fixtures.event("shop", "web-1.abc", "web-1", "BackOff", count, last)).orElseThrow();
    }

    @Test
    void aNewEventIsSentOnceKeyedByItsUidAndAnIdenticalResyncSendsNothing() {
        tracker.startLeading();

        assertThat(tracker.upsert(event(1, "2025-01-01T00:09:00Z")))
                .singleElement().satisfies(o -> {
                    assertThat(o.key()).isEqualTo("acme::event::uid-web-1.abc");
                    assertThat(o.channel()).isEqualTo(Channel.EVENT);
                });
        assertThat(tracker.upsert(event(1, "2025-01-01T00:09:00Z"))).isEmpty();
    }

    @Test
    void anAggregatedEventWhoseCountGrewIsSentAgain() {
        tracker.startLeading();
        tracker.upsert(event(1, "2025-01-01T00:09:00Z"));

        assertThat(tracker.upsert(event(2, "2025-01-01T00:09:30Z"))).hasSize(1);
    }

    @Test
    void eventsOlderThanTheMaximumAgeAreNotSent() {
        tracker.startLeading();

        assertThat(tracker.upsert(event(1, "2025-01-01T00:01:00Z"))).isEmpty();
    }

    @Test
    void aStandbySendsNothingAndOnTakeoverSendsTheRecentEventsItKnows() {
        assertThat(tracker.upsert(event(1, "2025-01-01T00:09:00Z"))).isEmpty();

        assertThat(tracker.startLeading()).hasSize(1);
    }

    @Test
    void aFailedEventIsRetriedWhileItStillExists() {
        tracker.startLeading();
        tracker.upsert(event(1, "2025-01-01T00:09:00Z")).forEach(o -> tracker.sendFailed(o.key()));

        assertThat(tracker.repair()).hasSize(1);
        assertThat(tracker.repair()).isEmpty();

        tracker.sendFailed("acme::event::uid-web-1.abc");
        tracker.delete("uid-web-1.abc");
        assertThat(tracker.repair()).isEmpty();
    }
}
