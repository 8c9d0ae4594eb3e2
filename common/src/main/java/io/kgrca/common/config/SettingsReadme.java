package io.kgrca.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generates the settings tables of the module READMEs from {@link WorkerDefinitions}: each table sits between
 * {@code <!-- settings:<name>:begin -->} and {@code <!-- settings:<name>:end -->}. {@code SettingsReadmeTest} fails
 * when a README is out of date; {@link #REGENERATE} rewrites them.
 */
public final class SettingsReadme {

    /** The command that rewrites the tables, from the repository's root. */
    public static final String REGENERATE =
            "./mvnw -B -ntp -o -pl common test -Dtest=SettingsReadmeTest -Dkg.readme.write=true";

    private SettingsReadme() {
    }

    /** The tables by README (relative to the repository's root), then by marker name. */
    public static Map<Path, Map<String, String>> tables() {
        Map<Path, Map<String, String>> out = new LinkedHashMap<>();
        out.put(Path.of("common", "README.md"), Map.of("worker-loop", WorkerDefinitions.LOOP.markdownTable()));
        for (WorkerDefinition d : WorkerDefinitions.all()) {
            out.put(Path.of(d.id(), "README.md"), Map.of(d.id(), d.settings().markdownTable()));
        }
        out.put(Path.of("control-plane", "README.md"), Map.of("passed-through", passedThrough()));
        return out;
    }

    /**
     * The control plane's table of the worker settings it passes through: the defaults per worker kind (a dash
     * where a kind has no such setting).
     */
    static String passedThrough() {
        Map<String, Setting<?>> names = new LinkedHashMap<>();
        for (WorkerDefinition d : WorkerDefinitions.all()) {
            d.settings().passed().forEach(s -> names.putIfAbsent(s.name(), s));
        }
        StringBuilder out = new StringBuilder("| variable |");
        StringBuilder rule = new StringBuilder("|---|");
        for (WorkerDefinition d : WorkerDefinitions.all()) {
            out.append(' ').append(d.id()).append(" |");
            rule.append("---|");
        }
        out.append(" meaning |\n").append(rule).append("---|\n");
        for (Setting<?> s : names.values()) {
            out.append("| `").append(s.name()).append("` |");
            for (WorkerDefinition d : WorkerDefinitions.all()) {
                Optional<Setting<?>> own = d.settings().find(s.name()).filter(x -> x.source() == Setting.Source.PASSED);
                out.append(' ').append(own.map(x -> SettingSet.code(x.defaultText())).orElse("—")).append(" |");
            }
            out.append(' ').append(s.doc().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    /**
     * {@code readme} with the text between the markers of {@code name} replaced by {@code table}; fails when the
     * markers are missing.
     */
    public static String rewrite(String readme, String name, String table) {
        String begin = "<!-- settings:" + name + ":begin -->";
        String end = "<!-- settings:" + name + ":end -->";
        int a = readme.indexOf(begin);
        int b = readme.indexOf(end);
        if (a < 0 || b < a) {
            throw new IllegalArgumentException("no " + begin + " ... " + end + " markers");
        }
        return readme.substring(0, a + begin.length()) + "\n" + table + readme.substring(b);
    }

    /**
     * The READMEs under {@code root} whose tables are out of date, after rewriting them when {@code write} is set.
     */
    public static List<Path> check(Path root, boolean write) throws IOException {
        List<Path> stale = new ArrayList<>();
        for (Map.Entry<Path, Map<String, String>> e : tables().entrySet()) {
            Path file = root.resolve(e.getKey());
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String updated = text;
            for (Map.Entry<String, String> t : e.getValue().entrySet()) {
                updated = rewrite(updated, t.getKey(), t.getValue());
            }
            if (!updated.equals(text)) {
                stale.add(e.getKey());
                if (write) {
                    Files.writeString(file, updated, StandardCharsets.UTF_8);
                }
            }
        }
        return stale;
    }

    /** Rewrites the tables of the READMEs under the repository root {@code args[0]} (default: the current directory). */
    public static void main(String[] args) throws IOException {
        List<Path> changed = check(Path.of(args.length > 0 ? args[0] : "."), true);
        System.out.println(changed.isEmpty() ? "all settings tables up to date" : "rewrote " + changed);
    }
}
