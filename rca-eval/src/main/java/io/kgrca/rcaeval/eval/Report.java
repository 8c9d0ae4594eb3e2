package io.kgrca.rcaeval.eval;

import io.kgrca.rcaeval.pipeline.ReplayMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The benchmark's tables, from scenario runs: per fault class and overall, per split and mode, top-1, top-3, Avg@5
 * (mean over k = 1..5 of the top-k hit rate), incidents listed per scenario, the share with one incident holding the
 * affected resources' signals, and whether ranks are identical across modes; then one line per scenario. Pure.
 */
public final class Report {

    private Report() {
    }

    /** Aggregate figures of a group of scenarios in one mode. */
    public record Figures(int scenarios, double top1, double top3, double avg5, double incidentsPerScenario,
                          double oneIncident, double identical) {
    }

    /** The figures of {@code runs} in {@code mode}. */
    public static Figures figures(List<Evaluation.ScenarioRun> runs, ReplayMode mode) {
        int n = runs.size();
        if (n == 0) {
            return new Figures(0, 0, 0, 0, 0, 0, 0);
        }
        double[] hits = new double[6];
        double incidents = 0;
        double one = 0;
        double identical = 0;
        for (Evaluation.ScenarioRun r : runs) {
            Evaluation.ModeRun m = r.modes().get(mode);
            for (int k = 1; k <= 5; k++) {
                hits[k] += m.score().hit(k) ? 1 : 0;
            }
            incidents += m.score().incidents();
            one += m.score().oneIncident() ? 1 : 0;
            identical += r.identicalAcrossModes() ? 1 : 0;
        }
        double avg5 = 0;
        for (int k = 1; k <= 5; k++) {
            avg5 += hits[k] / n;
        }
        return new Figures(n, hits[1] / n, hits[3] / n, avg5 / 5, incidents / n, one / n, identical / n);
    }

    /** The whole report as Markdown. */
    public static String markdown(List<Evaluation.ScenarioRun> runs, List<ReplayMode> modes) {
        StringBuilder sb = new StringBuilder();
        for (String split : List.of("all", "dev", "heldout")) {
            Predicate<Evaluation.ScenarioRun> inSplit = r -> "all".equals(split) || split.equals(r.scenario().split());
            sb.append("\n### Split: ").append(split).append("\n\n");
            sb.append("| class | mode | scenarios | top-1 | top-3 | Avg@5 | incidents / scenario | one incident "
                    + "| identical across modes |\n|---|---|---|---|---|---|---|---|---|\n");
            Map<String, List<Evaluation.ScenarioRun>> byClass = new TreeMap<>();
            runs.stream().filter(inSplit).forEach(r -> byClass.computeIfAbsent(r.scenario().faultClass(),
                    k -> new ArrayList<>()).add(r));
            Map<String, List<Evaluation.ScenarioRun>> groups = new LinkedHashMap<>(byClass);
            groups.put("**overall**", runs.stream().filter(inSplit).toList());
            groups.forEach((cls, group) -> {
                for (ReplayMode mode : modes) {
                    Figures f = figures(group, mode);
                    sb.append(String.format("| %s | %s | %d | %s | %s | %s | %.1f | %s | %s |%n", cls,
                            mode.name().toLowerCase(Locale.ROOT), f.scenarios(), pct(f.top1()), pct(f.top3()),
                            pct(f.avg5()), f.incidentsPerScenario(), pct(f.oneIncident()), pct(f.identical())));
                }
            });
        }
        sb.append("\n### Scenarios\n\n| scenario | class | split |");
        modes.forEach(m -> sb.append(" rank ").append(m.name().toLowerCase(Locale.ROOT)).append(" |"));
        sb.append(" incidents | identical | top-1 found (").append(modes.get(0).name().toLowerCase(
                Locale.ROOT)).append(") |\n|---|---|---|");
        modes.forEach(m -> sb.append("---|"));
        sb.append("---|---|---|\n");
        for (Evaluation.ScenarioRun r : runs) {
            sb.append("| ").append(r.scenario().name()).append(" | ").append(r.scenario().faultClass()).append(" | ")
                    .append(r.scenario().split()).append(" |");
            modes.forEach(m -> {
                int rank = r.modes().get(m).score().rank();
                sb.append(' ').append(rank == 0 ? "-" : String.valueOf(rank)).append(" |");
            });
            Evaluation.ModeRun first = r.modes().get(modes.get(0));
            sb.append(' ').append(first.score().incidents()).append(" | ").append(r.identicalAcrossModes() ? "yes"
                    : "no").append(" | ").append(first.score().top1().map(c -> "`" + c.resourceId() + "` " + c.type()
                    + " (" + c.kind() + ")").orElse("none")).append(" |\n");
        }
        return sb.toString();
    }

    private static String pct(double share) {
        return String.format("%.0f %%", 100 * share);
    }
}
