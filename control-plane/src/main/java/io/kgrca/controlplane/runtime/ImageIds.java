package io.kgrca.controlplane.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Resolves an image reference (such as {@code kg-graph-builder:0.1.0}) to the id of the image it names now, through
 * a lookup (the Docker runtime's: image inspect), and remembers each answer for {@code ttl} so that a reconcile of
 * many tenants asks the engine once per image, not once per worker. A lookup that finds nothing or fails keeps the
 * last id known for the reference: an engine that does not answer for a moment must not look like a new image (that
 * would replace every worker).
 */
public final class ImageIds {

    private final Function<String, Optional<String>> lookup;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(String id, Instant checked) {
    }

    /**
     * Resolves through {@code lookup} (empty when the image is absent; may throw when the engine cannot be reached),
     * at most once per reference per {@code ttl} of {@code clock}.
     */
    public ImageIds(Function<String, Optional<String>> lookup, Duration ttl, Clock clock) {
        this.lookup = lookup;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The id {@code reference} names, or the last one known when the lookup finds nothing; empty if never known. */
    public String idOf(String reference) {
        Instant now = clock.instant();
        Entry known = cache.get(reference);
        if (known != null && known.checked().plus(ttl).isAfter(now)) {
            return known.id();
        }
        Optional<String> found;
        try {
            found = lookup.apply(reference);
        } catch (RuntimeException e) {
            found = Optional.empty();
        }
        String id = found.orElse(known == null ? "" : known.id());
        cache.put(reference, new Entry(id, now));
        return id;
    }
}
