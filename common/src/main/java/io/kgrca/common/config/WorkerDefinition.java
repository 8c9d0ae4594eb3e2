package io.kgrca.common.config;

import java.util.Locale;

/**
 * The settings of one worker kind.
 *
 * @param id       the worker's name, as in container names and consumer groups ({@code graph-builder})
 * @param settings every setting it reads, in the order of its README table
 */
public record WorkerDefinition(String id, SettingSet settings) {

    /**
     * The prefix of this kind's own variables in the control plane's environment: {@code GRAPH_BUILDER_}, so that
     * {@code GRAPH_BUILDER_MAX_POLL_RECORDS} sets {@code MAX_POLL_RECORDS} for graph-builders only.
     */
    public String prefix() {
        return id.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }
}
