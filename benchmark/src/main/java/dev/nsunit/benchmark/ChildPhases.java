package dev.nsunit.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.nsunit.benchmark.fixtures.Fixtures;
import dev.nsunit.benchmark.fixtures.IsolatedTests;

/**
 * Where a child's CPU time goes, phase by phase: one more run of {@link IsolatedTests}, not timed, whose children
 * log their phases (nsunit's {@code nsunit.internal.phases}, passed with {@code nsunit.child.jvmArgs}; it is not
 * part of the class-data archive's key, so they use the archive the timed runs used). Reported as the median of
 * each phase over the children, and the CPU time of their threads by name.
 */
final class ChildPhases {

    private static final String PROPERTY = "nsunit.internal.phases";

    private ChildPhases() {
    }

    /** Runs the fixture once with the phase log on and returns the report's section. */
    static String measure(Path directory, double floorCpuPerTest) throws Exception {
        Files.createDirectories(directory);
        Path log = Files.createTempFile(directory, "phases", ".log");
        try {
            new LauncherCase(new CaseInfo("phases", Fixtures.TESTS, CaseInfo.Role.MEASURED), IsolatedTests.class,
                    Map.of("nsunit.child.jvmArgs", "-D" + PROPERTY + "=" + log)).run();
            return markdown(Files.readAllLines(log), floorCpuPerTest);
        }
        finally {
            Files.deleteIfExists(log);
        }
    }

    static String markdown(List<String> lines, double floorCpuPerTest) throws BenchmarkFailure {
        if (lines.isEmpty()) {
            throw new BenchmarkFailure("No child wrote its phases: was " + PROPERTY + " passed to the children?");
        }
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        Map<String, List<Double>> threads = new LinkedHashMap<>();
        List<Double> totals = new ArrayList<>();
        for (String line : lines) {
            String[] halves = line.split("\\|", 2);
            double total = 0;
            for (String field : halves[0].trim().split(" ")) {
                String[] nameAndMs = field.split("=");
                double ms = Double.parseDouble(nameAndMs[1]);
                phases.computeIfAbsent(nameAndMs[0], name -> new ArrayList<>()).add(ms);
                total += ms;
            }
            totals.add(total);
            for (String field : halves[1].trim().split(" ")) {
                int colon = field.lastIndexOf(':');
                threads.computeIfAbsent(field.substring(0, colon), name -> new ArrayList<>())
                        .add(Double.parseDouble(field.substring(colon + 1)));
            }
        }
        StringBuilder out = new StringBuilder("### Where a child's CPU goes\n\n");
        out.append(String.format(Locale.ROOT, "CPU time (all threads) of each phase of the %d children of one more "
                + "run of `IsolatedTests`, from the children's own phase log; median over the children (a phase a "
                + "child did not have counts as absent, not zero). For comparison, the floor's whole JVM cost %.0f ms "
                + "per test in this run's rounds (median, minus in place).%n%n", lines.size(), floorCpuPerTest));
        out.append("| phase | children | median ms | mean ms |\n|---|--:|--:|--:|\n");
        phases.forEach((name, values) -> out.append(row(name, values)));
        out.append(row("**whole child**", totals)).append('\n');
        out.append("| thread | children | median ms | mean ms |\n|---|--:|--:|--:|\n");
        threads.forEach((name, values) -> out.append(row("`" + name + "`", values)));
        return out.append('\n').toString();
    }

    private static String row(String name, List<Double> values) {
        double[] each = values.stream().mapToDouble(Double::doubleValue).toArray();
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f |%n", name, each.length, Results.median(each),
                values.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }
}
