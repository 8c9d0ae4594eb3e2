package io.kgrca.common.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The project's images, named in one place: the root pom's {@code image.*} properties, which the build copies into
 * {@code kg-images.properties} beside this class and which Jib uses to tag the images. The control plane's default
 * worker images, the local mode and the end-to-end test take their references from here.
 */
public enum KgImage {
    /** The control plane ({@code control-plane} module). */
    CONTROL_PLANE("control-plane"),
    /** The event-normalizer worker. */
    EVENT_NORMALIZER("event-normalizer"),
    /** The log-normalizer worker. */
    LOG_NORMALIZER("log-normalizer"),
    /** The graph-builder worker. */
    GRAPH_BUILDER("graph-builder"),
    /** The client agent ({@code state-watcher-heartbeat} module, chart {@code kg-rca-agent}). */
    AGENT("agent");

    private static final Properties NAMES = load();

    private final String key;

    KgImage(String key) {
        this.key = key;
    }

    /** The repository name, such as {@code kg-graph-builder}. */
    public String repository() {
        return NAMES.getProperty(key);
    }

    /** The tag every image of this build carries: the application version. */
    public static String tag() {
        return NAMES.getProperty("tag");
    }

    /** {@code <repository>:<tag>}, the reference this build's image has. */
    public String reference() {
        return repository() + ":" + tag();
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = KgImage.class.getResourceAsStream("kg-images.properties")) {
            if (in == null) {
                throw new IllegalStateException("kg-images.properties is missing from the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : new String[] {"tag", "control-plane", "event-normalizer", "log-normalizer", "graph-builder",
                "agent"}) {
            String value = p.getProperty(key, "");
            if (value.isBlank() || value.contains("${")) {
                throw new IllegalStateException("kg-images.properties has no value for " + key + ": " + value);
            }
        }
        return p;
    }
}
