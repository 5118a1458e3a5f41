package dev.nsunit.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * The goals, each a value derived within every round from that round's cases (pair by pair), reported
 * as the median over rounds with the range, beside the target and whether the median meets it.
 */
final class Goals {

    /** A goal: what is measured, in what unit, the target as written and as a test of the median. */
    record Goal(String name, String unit, String target, DoublePredicate met) {
    }

    /** The target of a value that is shown, not judged. */
    static final String SHOWN = "—";

    private final Map<Goal, List<Double>> values = new LinkedHashMap<>();

    Goal define(String name, String unit, String target, DoublePredicate met) {
        Goal goal = new Goal(name, unit, target, met);
        values.put(goal, new ArrayList<>());
        return goal;
    }

    void add(Goal goal, double value) {
        values.get(goal).add(value);
    }

    /** The median of a goal's values so far. */
    double median(Goal goal) {
        return Results.median(values.get(goal).stream().mapToDouble(Double::doubleValue).toArray());
    }

    String markdown() {
        StringBuilder out = new StringBuilder("### Goals (medians over rounds, each value derived within its round)\n\n");
        out.append("| goal | median | range over rounds | target | met |\n");
        out.append("|---|--:|--:|--:|:-:|\n");
        for (Map.Entry<Goal, List<Double>> entry : values.entrySet()) {
            Goal goal = entry.getKey();
            double[] each = entry.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            if (each.length == 0) {
                continue;
            }
            double median = Results.median(each);
            double[] sorted = each.clone();
            Arrays.sort(sorted);
            out.append("| ").append(goal.name())
                    .append(" | ").append(format(median, goal.unit()))
                    .append(" | ").append(format(sorted[0], goal.unit())).append(" – ")
                    .append(format(sorted[sorted.length - 1], goal.unit()))
                    .append(" | ").append(goal.target())
                    .append(" | ").append(verdict(goal, median))
                    .append(" |\n");
        }
        return out.append('\n').toString();
    }

    /** A value shown for reading the others, with no target of its own, is not judged. */
    private static String verdict(Goal goal, double median) {
        if (goal.target().equals(SHOWN)) {
            return SHOWN;
        }
        return goal.met().test(median) ? "yes" : "**no**";
    }

    private static String format(double value, String unit) {
        return switch (unit) {
            case "ratio" -> String.format(Locale.ROOT, "%.2f", value);
            case "MiB" -> String.format(Locale.ROOT, "%.1f MiB", value);
            default -> String.format(Locale.ROOT, "%.0f %s", value, unit);
        };
    }
}
