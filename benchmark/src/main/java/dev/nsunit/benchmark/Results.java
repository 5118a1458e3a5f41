package dev.nsunit.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The wall times of every case in every round, what is derived from them, and the Markdown tables. Derived
 * values are computed within a round, pair by pair (isolated minus in place of the same round, divided by the
 * bare JVM of the same round), and only then reduced to a median over rounds, so noise that hits one round
 * hits both sides of each difference.
 */
final class Results {

    /** A value derived for one case in one round; empty where it does not apply to the case. */
    @FunctionalInterface
    interface Metric {
        OptionalDouble of(int round, int caseIndex);
    }

    private static final String DASH = "—";

    private final List<CaseInfo> cases;
    private final int baseline;
    private final int reference;
    private final List<long[]> rounds = new ArrayList<>();

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

    /** Adds a round: the wall time of each case in nanoseconds, in the order of the cases. */
    void addRound(long... nanos) {
        if (nanos.length != cases.size()) {
            throw new IllegalArgumentException(nanos.length + " times for " + cases.size() + " cases");
        }
        rounds.add(nanos.clone());
    }

    int rounds() {
        return rounds.size();
    }

    double wallMs(int round, int caseIndex) {
        return rounds.get(round)[caseIndex] / 1e6;
    }

    /** The wall time of one test, or of one JVM of the reference. */
    double msEach(int round, int caseIndex) {
        return wallMs(round, caseIndex) / cases.get(caseIndex).perRun();
    }

    /** What a test of a measured case costs beyond a test run in place, in the same round. */
    OptionalDouble overheadMsPerTest(int round, int caseIndex) {
        if (cases.get(caseIndex).role() != CaseInfo.Role.MEASURED) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(msEach(round, caseIndex) - msEach(round, baseline));
    }

    /** That overhead in units of a bare JVM start of the same round. */
    OptionalDouble overheadPerReference(int round, int caseIndex) {
        OptionalDouble overhead = overheadMsPerTest(round, caseIndex);
        return overhead.isPresent() ? OptionalDouble.of(overhead.getAsDouble() / msEach(round, reference))
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

    /** Two tables: medians, one row per case; then every round, one row per round and case. */
    String markdown(String referenceLabel) {
        String overheadRatio = "overhead / " + referenceLabel;
        StringBuilder out = new StringBuilder();
        out.append("### Medians over ").append(rounds.size()).append(rounds.size() == 1 ? " round" : " rounds")
                .append("\n\n");
        out.append("| case | per run | wall ms per run | ms each | overhead ms per test | ")
                .append(overheadRatio).append(" |\n");
        out.append("|---|--:|--:|--:|--:|--:|\n");
        Metric wall = (round, c) -> OptionalDouble.of(wallMs(round, c));
        Metric each = (round, c) -> OptionalDouble.of(msEach(round, c));
        for (int c = 0; c < cases.size(); c++) {
            CaseInfo info = cases.get(c);
            out.append("| ").append(info.name())
                    .append(" | ").append(info.perRun()).append(' ').append(info.unit())
                    .append(" | ").append(ms(median(wall, c)))
                    .append(" | ").append(msEach(median(each, c)))
                    .append(" | ").append(overheadCell(c, median(this::overheadMsPerTest, c)))
                    .append(" | ").append(ratio(median(this::overheadPerReference, c)))
                    .append(" |\n");
        }
        out.append("\n### Every round\n\n");
        out.append("| round | case | wall ms | ms each | overhead ms per test | ").append(overheadRatio)
                .append(" |\n");
        out.append("|--:|---|--:|--:|--:|--:|\n");
        for (int round = 0; round < rounds.size(); round++) {
            for (int c = 0; c < cases.size(); c++) {
                out.append("| ").append(round + 1)
                        .append(" | ").append(cases.get(c).name())
                        .append(" | ").append(ms(wall.of(round, c)))
                        .append(" | ").append(msEach(each.of(round, c)))
                        .append(" | ").append(overheadCell(c, overheadMsPerTest(round, c)))
                        .append(" | ").append(ratio(overheadPerReference(round, c)))
                        .append(" |\n");
            }
        }
        return out.toString();
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
