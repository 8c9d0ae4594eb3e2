package io.kgrca.common.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of one program (a worker kind, or a part shared by several), in the order of its README table.
 *
 * @param title    what the settings configure, such as {@code graph-builder}
 * @param settings the settings; no name twice
 */
public record SettingSet(String title, List<Setting<?>> settings) {

    /** Copies the list and refuses a name defined twice. */
    public SettingSet {
        settings = List.copyOf(settings);
        Map<String, Setting<?>> seen = new LinkedHashMap<>();
        for (Setting<?> s : settings) {
            if (seen.put(s.name(), s) != null) {
                throw new IllegalArgumentException(title + ": " + s.name() + " is defined twice");
            }
        }
    }

    /** The settings of {@code parts} together, in order. */
    public static SettingSet concat(String title, SettingSet... parts) {
        List<Setting<?>> all = new ArrayList<>();
        for (SettingSet part : parts) {
            all.addAll(part.settings());
        }
        return new SettingSet(title, all);
    }

    /** The setting called {@code name}. */
    public Optional<Setting<?>> find(String name) {
        return settings.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The settings the control plane passes through from its own environment. */
    public List<Setting<?>> passed() {
        return settings.stream().filter(s -> s.source() == Setting.Source.PASSED).toList();
    }

    /**
     * Reads every setting whose value {@code env} holds (or that is required), so that the first invalid one
     * throws an {@link InvalidConfigurationException} naming it.
     */
    public void validate(Env env) {
        for (Setting<?> s : settings) {
            if (s.raw(env).isPresent() || "required".equals(s.defaultText())) {
                s.read(env);
            }
        }
    }

    /** The README table: variable, default, type, who sets it, meaning. */
    public String markdownTable() {
        return table(true);
    }

    /**
     * The README table of a program's own settings, which no one passes to it (the control plane's): variable,
     * default, type, meaning.
     */
    public String ownTable() {
        return table(false);
    }

    private String table(boolean sources) {
        StringBuilder out = new StringBuilder(sources
                ? "| variable | default | type | from the control plane | meaning |\n|---|---|---|---|---|\n"
                : "| variable | default | type | meaning |\n|---|---|---|---|\n");
        for (Setting<?> s : settings) {
            out.append("| `").append(s.name()).append("` | ").append(code(s.defaultText())).append(" | ")
                    .append(s.type()).append(" | ");
            if (sources) {
                out.append(switch (s.source()) {
                    case PASSED -> "passed through";
                    case CONTROL_PLANE -> "set per worker";
                    case BY_HAND -> "never (by hand only)";
                }).append(" | ");
            }
            out.append(s.doc().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    /** A default as a table shows it: code, except for words ({@code required}, {@code the worker's own}). */
    static String code(String text) {
        if (text.isEmpty()) {
            return "empty";
        }
        return text.equals("required") || text.equals("unset") || text.contains(" ") ? text : "`" + text + "`";
    }
}
