package io.kgrca.controlplane.config;

import io.kgrca.common.config.Env;
import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.config.Setting;
import io.kgrca.common.config.WorkerDefinition;
import io.kgrca.common.config.WorkerDefinitions;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The worker settings the control plane passes from its own environment to the workers it starts, validated at
 * its start with the workers' own definitions ({@link WorkerDefinitions}), so that a bad value stops the control
 * plane, naming the variable, instead of crash-looping every worker.
 *
 * <p>The convention: a worker setting keeps its name in the control plane's environment ({@code MAX_POLL_RECORDS=1000}
 * goes to every kind that has the setting, as {@code NEO4J_*} and {@code KAFKA_*} always did), and
 * {@code <KIND>_<NAME>} ({@code GRAPH_BUILDER_MAX_POLL_RECORDS}, {@code LOG_NORMALIZER_...}, {@code EVENT_NORMALIZER_...},
 * as {@code <KIND>_IMAGE}) sets it for one kind only, winning over the plain name. Only the settings given are
 * passed; a worker applies its definition's default to the others, so both ends agree by construction.
 *
 * @param byKind the variables to set, by worker id ({@code graph-builder}), each map sorted by name
 */
public record WorkerPassThrough(Map<String, Map<String, String>> byKind) {

    /** Copies the maps. */
    public WorkerPassThrough {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        byKind.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        byKind = Map.copyOf(copy);
    }

    /** Collects and validates the worker settings of {@code env}; a bad one throws naming the variable as set. */
    public static WorkerPassThrough fromEnv(Env env) {
        Map<String, Map<String, String>> byKind = new TreeMap<>();
        for (WorkerDefinition kind : WorkerDefinitions.all()) {
            Map<String, String> values = new TreeMap<>();
            for (Setting<?> setting : kind.settings().passed()) {
                String own = kind.prefix() + setting.name();
                String variable = env.optional(own).isPresent() ? own : setting.name();
                Optional<String> value = env.optional(variable);
                if (value.isPresent()) {
                    validate(setting, variable, value.get(), kind);
                    values.put(setting.name(), value.get());
                }
            }
            byKind.put(kind.id(), values);
        }
        return new WorkerPassThrough(byKind);
    }

    /** The variables to set for workers of {@code kindId}. */
    public Map<String, String> forKind(String kindId) {
        return byKind.getOrDefault(kindId, Map.of());
    }

    private static void validate(Setting<?> setting, String variable, String value, WorkerDefinition kind) {
        try {
            setting.read(new Env(Map.of(setting.name(), value)));
        } catch (InvalidConfigurationException e) {
            throw new InvalidConfigurationException(variable, e.problem() + " (" + kind.id()
                    + " setting; see the worker settings in control-plane/README.md)");
        }
    }
}
