package io.kgrca.controlplane.runtime;

import io.kgrca.common.config.SecretNames;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure: splits a worker spec's environment into what may be an environment variable and what must be a file.
 * Each secret ({@link SecretNames#WORKER}) {@code NAME} becomes the file {@code <mountDir>/<name in lower case>}
 * and the variable {@code NAME_FILE} pointing to it; everything else stays a variable.
 *
 * @param env   the variables to set (no secret value among them)
 * @param files file name → content
 */
public record WorkerSecrets(Map<String, String> env, Map<String, String> files) {

    /** Where a container sees its secret files. */
    public static final String CONTAINER_DIR = "/run/secrets/kg-rca";

    /** Copies the maps. */
    public WorkerSecrets {
        env = Map.copyOf(env);
        files = Map.copyOf(files);
    }

    /** Splits {@code specEnv}; the files will be visible at {@code mountDir}. */
    public static WorkerSecrets split(Map<String, String> specEnv, String mountDir) {
        Map<String, String> env = new TreeMap<>();
        Map<String, String> files = new TreeMap<>();
        specEnv.forEach((name, value) -> {
            if (SecretNames.isSecret(name)) {
                String file = fileName(name);
                files.put(file, value);
                env.put(name + "_FILE", mountDir + "/" + file);
            } else if (!(name.endsWith("_FILE") && SecretNames.isSecret(name.substring(0, name.length() - 5)))) {
                env.put(name, value);
            }
        });
        return new WorkerSecrets(env, files);
    }

    /** The file name of the secret variable {@code name}. */
    public static String fileName(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
