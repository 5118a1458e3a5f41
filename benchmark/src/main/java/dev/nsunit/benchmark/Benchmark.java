package dev.nsunit.benchmark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.nsunit.benchmark.fixtures.Fixtures;
import dev.nsunit.benchmark.fixtures.IsolatedTests;
import dev.nsunit.benchmark.fixtures.NetworkIsolatedTests;
import dev.nsunit.benchmark.fixtures.PidIsolatedTests;
import dev.nsunit.benchmark.fixtures.PlainTests;
import dev.nsunit.internal.launch.ChildCommand;

/**
 * What isolation costs per test: the same {@value Fixtures#TESTS} trivial tests run in place and isolated, beside
 * a bare {@code java -cp . Hello} timed in the same run. Run it with {@code mvn -q -pl benchmark -am -Pbenchmark
 * verify -DskipTests} (see the module's README); it prints a Markdown report and writes it to the file named by
 * {@code nsunit.benchmark.output}.
 *
 * <p>One uncounted warm-up round, then {@code nsunit.benchmark.rounds} rounds (5 by default). Each round runs
 * every case once, in an order rotated from round to round, so that neither drifting load nor going first
 * favours a case. Any run whose tests do not all pass stops the benchmark with a non-zero exit status.
 */
public final class Benchmark {

    static final String ROUNDS = "nsunit.benchmark.rounds";
    static final String OUTPUT = "nsunit.benchmark.output";
    private static final String HELLO = "`java -cp . Hello`";

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run();
        }
        catch (BenchmarkFailure failure) {
            System.err.println();
            System.err.println("BENCHMARK FAILED, nothing reported: " + failure.getMessage());
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        int rounds = rounds(System.getProperty(ROUNDS, "5"));
        Path output = Path.of(System.getProperty(OUTPUT, "target/benchmark.md"));
        ZonedDateTime started = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        String loadBefore = Machine.loadAverage();

        try (HelloCase hello = new HelloCase(new CaseInfo("bare " + HELLO, Fixtures.TESTS,
                CaseInfo.Role.REFERENCE))) {
            List<Case> cases = List.of(
                    new LauncherCase(new CaseInfo("in place: `PlainTests`, Launcher in this JVM", Fixtures.TESTS,
                            CaseInfo.Role.BASELINE), PlainTests.class),
                    new LauncherCase(new CaseInfo("isolated: `IsolatedTests`, `@IsolatedUts`, a child JVM per test",
                            Fixtures.TESTS, CaseInfo.Role.MEASURED), IsolatedTests.class),
                    new LauncherCase(new CaseInfo("isolated: `NetworkIsolatedTests`, `@IsolatedNetwork`",
                            Fixtures.TESTS, CaseInfo.Role.MEASURED), NetworkIsolatedTests.class),
                    new LauncherCase(new CaseInfo("isolated: `PidIsolatedTests`, `@IsolatedPid @IsolatedMount`",
                            Fixtures.TESTS, CaseInfo.Role.MEASURED), PidIsolatedTests.class),
                    hello);

            progress("warm-up round, not counted");
            runRound(cases, 0);
            Results results = new Results(cases.stream().map(Case::info).toList());
            for (int round = 1; round <= rounds; round++) {
                long[] nanos = runRound(cases, round);
                results.addRound(nanos);
                progress("round " + round + " of " + rounds + " done");
            }

            String report = header(started, loadBefore, Machine.loadAverage(), rounds, hello)
                    + results.markdown(HELLO);
            System.out.println();
            System.out.print(report);
            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(output, report);
            progress("written to " + output.toAbsolutePath());
        }
    }

    private static int rounds(String value) throws BenchmarkFailure {
        try {
            int rounds = Integer.parseInt(value.trim());
            if (rounds >= 1) {
                return rounds;
            }
        }
        catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new BenchmarkFailure(ROUNDS + " = \"" + value + "\"; it must be a whole number, at least 1");
    }

    /** Runs every case once, starting at a different case each round, and returns the times in case order. */
    private static long[] runRound(List<Case> cases, int rotation) throws Exception {
        long[] nanos = new long[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            int index = (i + rotation) % cases.size();
            nanos[index] = cases.get(index).runNanos();
        }
        return nanos;
    }

    private static String header(ZonedDateTime started, String loadBefore, String loadAfter, int rounds,
            HelloCase hello) {
        List<String> facts = new ArrayList<>();
        facts.add("date: " + started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        facts.add("CPU: " + Machine.cpuModel() + ", " + Runtime.getRuntime().availableProcessors()
                + " available to the JVM (nproc); memory " + Machine.memory());
        facts.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        facts.add("Java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.vm.version") + "), " + System.getProperty("java.home"));
        facts.add("load average (1, 5, 15 min): " + loadBefore + " before, " + loadAfter + " after");
        facts.add("method: " + Fixtures.TESTS + " trivial tests (`@RepeatedTest(" + Fixtures.TESTS + ")`) per run; "
                + "1 warm-up round not counted, then " + rounds + (rounds == 1 ? " round" : " rounds")
                + ", each running every case once in an order rotated per round; overheads computed within a round, "
                + "then the median taken");
        facts.add("bare JVM: `" + String.join(" ", hello.command()) + "`, started " + Fixtures.TESTS
                + " times per run in a temporary directory holding only Hello.class");
        facts.add("child JVM: `" + childCommand() + "`");
        return "## nsunit benchmark: the cost of isolating a test\n\n"
                + facts.stream().map(fact -> "- " + fact).collect(Collectors.joining("\n")) + "\n\n";
    }

    /** The command nsunit starts each child with (built by the same code), the long class path elided. */
    private static String childCommand() {
        List<String> argv = ChildCommand.forThisJvm(List.of(), Benchmark.class.getClassLoader()).argv();
        String classPath = System.getProperty("java.class.path");
        int entries = classPath.split(File.pathSeparator).length;
        return argv.stream().map(arg -> arg.equals(classPath) ? "<this JVM's class path, " + entries + " entries>"
                : arg).collect(Collectors.joining(" "));
    }

    private static void progress(String message) {
        System.err.println("[nsunit benchmark] " + message);
    }
}
