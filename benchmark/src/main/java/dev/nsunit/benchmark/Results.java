package dev.nsunit.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The wall and CPU times of every case in every round, what is derived from them, and the Markdown tables. Derived
 * values are computed within a round, pair by pair (isolated minus in place of the same round, divided by the
 * bare JVM of the same round), and only then reduced to a median over rounds, so noise that hits one round
 * hits both sides of each difference. Wall and CPU time are derived alike, each from its own kind.
 */
final class Results {

    /** Which of a run's times a value is derived from. */
    enum Measure {
        WALL, CPU
    }

    /** A value derived for one case in one round; empty where it does not apply to the case. */
    @FunctionalInterface
    interface Metric {
        OptionalDouble of(int round, int caseIndex);
    }

    private static final String DASH = "—";

    private final List<CaseInfo> cases;
    private final int baseline;
    private final int reference;
    private final List<Timing[]> rounds = new ArrayList<>();

    Results(List<CaseInfo> cases) {
        this.cases = List.copyOf(cases);
        this.baseline = onlyOne(CaseInfo.Role.BASELINE);
        this.reference = onlyOne(CaseInfo.Role.REFERENCE);
    }

    private int onlyOne(CaseInfo.Role role) {
        int found = -1;
        for (int i = 0; i < cases.size(); i++) {
            if (cases.get(i).role() == role) {
                if (found >= 0) {
                    throw new IllegalArgumentException("more than one " + role + " case");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException("no " + role + " case");
        }
        return found;
    }

    /** Adds a round: the times of each case, in the order of the cases. */
    void addRound(Timing... timings) {
        if (timings.length != cases.size()) {
            throw new IllegalArgumentException(timings.length + " times for " + cases.size() + " cases");
        }
        rounds.add(timings.clone());
    }

    int rounds() {
        return rounds.size();
    }

    /** The time of one run. */
    double ms(Measure measure, int round, int caseIndex) {
        Timing timing = rounds.get(round)[caseIndex];
        return (measure == Measure.WALL ? timing.wallNanos() : timing.cpuNanos()) / 1e6;
    }

    /** The CPU time of one run, split between this JVM and the processes it reaped. */
    Timing timing(int round, int caseIndex) {
        return rounds.get(round)[caseIndex];
    }

    /** The time of one test, or of one JVM of the reference. */
    double msEach(Measure measure, int round, int caseIndex) {
        return ms(measure, round, caseIndex) / cases.get(caseIndex).perRun();
    }

    /** What a test of a measured case costs beyond a test run in place, in the same round. */
    OptionalDouble overheadMsPerTest(Measure measure, int round, int caseIndex) {
        if (cases.get(caseIndex).role() != CaseInfo.Role.MEASURED) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(msEach(measure, round, caseIndex) - msEach(measure, round, baseline));
    }

    /** That overhead in units of a bare JVM start of the same round (wall by wall, CPU by CPU). */
    OptionalDouble overheadPerReference(Measure measure, int round, int caseIndex) {
        OptionalDouble overhead = overheadMsPerTest(measure, round, caseIndex);
        return overhead.isPresent() ? OptionalDouble.of(overhead.getAsDouble() / msEach(measure, round, reference))
                : OptionalDouble.empty();
    }

    /** The median of a metric of one case over all rounds. */
    OptionalDouble median(Metric metric, int caseIndex) {
        double[] values = new double[rounds.size()];
        for (int round = 0; round < values.length; round++) {
            OptionalDouble value = metric.of(round, caseIndex);
            if (value.isEmpty()) {
                return OptionalDouble.empty();
            }
            values[round] = value.getAsDouble();
        }
        return OptionalDouble.of(median(values));
    }

    /** The middle value, or the mean of the two middle values of an even count. */
    static double median(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * Two tables: medians, one row per case; then every round, one row per round and case. Each wall column has
     * its CPU column beside it.
     */
    String markdown(String referenceLabel) {
        String derived = "wall ms each | CPU ms each | overhead ms per test | CPU overhead ms per test | overhead / "
                + referenceLabel + " | CPU overhead / " + referenceLabel + " CPU |\n";
        StringBuilder out = new StringBuilder();
        out.append("### Medians over ").append(rounds.size()).append(rounds.size() == 1 ? " round" : " rounds")
                .append("\n\n");
        out.append("| case | per run | wall ms per run | CPU ms per run | ").append(derived);
        out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (int c = 0; c < cases.size(); c++) {
            CaseInfo info = cases.get(c);
            out.append("| ").append(info.name())
                    .append(" | ").append(info.perRun()).append(' ').append(info.unit());
            for (Measure measure : Measure.values()) {
                out.append(" | ").append(ms(median((round, i) -> OptionalDouble.of(ms(measure, round, i)), c)));
            }
            int caseIndex = c;
            appendDerived(out, c, metric -> median(metric, caseIndex));
            out.append(" |\n");
        }
        out.append("\n### Every round\n\n");
        out.append("| round | case | wall ms | CPU ms | ").append(derived);
        out.append("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (int round = 0; round < rounds.size(); round++) {
            for (int c = 0; c < cases.size(); c++) {
                int r = round;
                int caseIndex = c;
                out.append("| ").append(round + 1)
                        .append(" | ").append(cases.get(c).name());
                for (Measure measure : Measure.values()) {
                    out.append(" | ").append(ms(OptionalDouble.of(ms(measure, round, c))));
                }
                appendDerived(out, c, metric -> metric.of(r, caseIndex));
                out.append(" |\n");
            }
        }
        return out.toString();
    }

    /**
     * The derived cells of a row, wall then CPU for each: time each, overhead per test, overhead per reference.
     *
     * @param reduce how the table makes a cell of a metric of the case: its median, or one round's value
     */
    private void appendDerived(StringBuilder out, int c, Function<Metric, OptionalDouble> reduce) {
        for (Measure measure : Measure.values()) {
            out.append(" | ").append(msEach(reduce.apply(
                    (round, i) -> OptionalDouble.of(msEach(measure, round, i)))));
        }
        for (Measure measure : Measure.values()) {
            out.append(" | ").append(overheadCell(c, reduce.apply(
                    (round, i) -> overheadMsPerTest(measure, round, i))));
        }
        for (Measure measure : Measure.values()) {
            out.append(" | ").append(ratio(reduce.apply((round, i) -> overheadPerReference(measure, round, i))));
        }
    }

    private String overheadCell(int caseIndex, OptionalDouble value) {
        return caseIndex == baseline ? "baseline" : ms(value);
    }

    private static String ms(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.1f", value.getAsDouble()) : DASH;
    }

    /** Times per test in place can be a fraction of a millisecond: one more digit. */
    private static String msEach(OptionalDouble value) {
        return String.format(Locale.ROOT, "%.2f", value.orElseThrow());
    }

    private static String ratio(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2f×", value.getAsDouble()) : DASH;
    }
}
