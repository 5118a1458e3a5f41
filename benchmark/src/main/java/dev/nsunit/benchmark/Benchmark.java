package dev.nsunit.benchmark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.nsunit.benchmark.fixtures.Fixtures;
import dev.nsunit.benchmark.fixtures.IsolatedTests;
import dev.nsunit.benchmark.fixtures.NetworkIsolatedTests;
import dev.nsunit.benchmark.fixtures.PerClassTests;
import dev.nsunit.benchmark.fixtures.PidIsolatedTests;
import dev.nsunit.benchmark.fixtures.PlainTests;
import dev.nsunit.internal.launch.ChildCommand;

/**
 * What isolation costs per test: the same {@value Fixtures#TESTS} trivial tests run in place and isolated, beside
 * a bare {@code java -cp . Hello} timed in the same run. Run it with {@code mvn -q -pl benchmark -am -Pbenchmark
 * verify -DskipTests} (see the module's README); it prints a Markdown report and writes it to the file named by
 * {@code nsunit.benchmark.output}.
 *
 * <p>Two uncounted warm-up rounds (the first makes the children's class-data archives and learns what the children
 * load beyond them, the second makes the archives that hold that too), then {@code nsunit.benchmark.rounds} rounds (5 by default). Each round runs
 * every case once, in an order rotated from round to round, so that neither drifting load nor going first
 * favours a case. Any run whose tests do not all pass stops the benchmark with a non-zero exit status.
 */
public final class Benchmark {

    static final String ROUNDS = "nsunit.benchmark.rounds";
    static final String OUTPUT = "nsunit.benchmark.output";
    private static final String HELLO = "`java -cp . Hello`";
    private static final int HELLO_STARTS = 20;
    private static final int NAIVE_TESTS = 10;
    private static final int SUREFIRE_EXTRA_CLASSES = 5;

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
        ScaleRun scale = ScaleRun.of(System.getProperty(ScaleRun.SCALE, "0"));
        Path output = Path.of(System.getProperty(OUTPUT, "target/benchmark.md"));
        ZonedDateTime started = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        String loadBefore = Machine.loadAverage();

        Path target = output.toAbsolutePath().getParent();
        progress("making the floor's class-data archive");
        try (HelloCase hello = new HelloCase(new CaseInfo("bare " + HELLO, HELLO_STARTS, CaseInfo.Role.REFERENCE));
                SurefireCase surefire = new SurefireCase(new CaseInfo("Surefire `reuseForks=false`: one more test "
                        + "class of one test", SUREFIRE_EXTRA_CLASSES, CaseInfo.Role.MEASURED),
                        target.resolve("benchmark-work"));
                Floor floor = Floor.prepare(target.resolve("benchmark-floor"));
                Floor floorBindingLibc = Floor.prepareBindingLibc(target.resolve("benchmark-floor-libc"));
                Floor floorWholeClass = Floor.prepareWholeClass(target.resolve("benchmark-floor-class"))) {
            LauncherCase inPlace = new LauncherCase(new CaseInfo("in place: `PlainTests`, Launcher in this JVM",
                    Fixtures.TESTS, CaseInfo.Role.BASELINE), PlainTests.class);
            LauncherCase perMethod = new LauncherCase(new CaseInfo("per method: `IsolatedTests`, `@IsolatedUts`, "
                    + "children started ahead (default)", Fixtures.TESTS, CaseInfo.Role.MEASURED), IsolatedTests.class);
            LauncherCase warm0 = new LauncherCase(new CaseInfo("per method, `nsunit.child.warm=0`: each child started "
                    + "when its test needs it", Fixtures.TESTS, CaseInfo.Role.MEASURED), IsolatedTests.class,
                    Map.of("nsunit.child.warm", "0"));
            ColdCacheCase coldCache = new ColdCacheCase(new CaseInfo("per method, cold cache: an empty "
                    + "`nsunit.cache.dir` (a new one each run), as on a fresh CI machine", Fixtures.TESTS,
                    CaseInfo.Role.MEASURED), IsolatedTests.class);
            // Its children have AssertJ on their class path, and so a command and an archive of their own: the classes
            // the archive learns from them are not in the archive of the trivial tests' children.
            LauncherCase library = new LauncherCase(new CaseInfo("per method: `LibraryTests`, `IsolatedTests` with an "
                    + "AssertJ assertion each", Fixtures.TESTS, CaseInfo.Role.MEASURED),
                    LibraryFixture.load(target.resolve("benchmark-library")));
            LauncherCase perClass = new LauncherCase(new CaseInfo("per class: `PerClassTests`, `@IsolatedPerClass "
                    + "@IsolatedUts`, one child", Fixtures.TESTS, CaseInfo.Role.MEASURED), PerClassTests.class);
            FreshJvmCase floorCase = new FreshJvmCase(new CaseInfo("floor: a fresh `java` + JUnit Launcher per test, "
                    + "C1, SerialGC, " + floor.archiveKind() + " of that run", NAIVE_TESTS, CaseInfo.Role.MEASURED),
                    floor::command);
            FloorArchiveCase floorArchiveCase = new FloorArchiveCase(new CaseInfo("floor, making its archive: the "
                    + "floor's JVM on its test, making its " + floor.archiveKind() + " as it runs, a new one each run",
                    1, CaseInfo.Role.MEASURED), floor);
            FreshJvmCase floorLibcCase = new FreshJvmCase(new CaseInfo("floor binding libc: the floor, after binding "
                    + "libc as a child does, through jffi (`RunOneBindingLibc`), with a child's heap and compiler "
                    + "flags, its own " + floor.archiveKind(), NAIVE_TESTS, CaseInfo.Role.MEASURED),
                    floorBindingLibc::command);
            FloorArchiveCase floorLibcArchiveCase = new FloorArchiveCase(new CaseInfo("floor binding libc, making its "
                    + "archive: its JVM on its test, making its " + floor.archiveKind() + " as it runs, a new one each "
                    + "run", 1, CaseInfo.Role.MEASURED), floorBindingLibc);
            FreshJvmCase floorLibcPairsCase = FreshJvmCase.twoAtOnce(new CaseInfo("floor binding libc, two at once: "
                    + "the same JVMs started two at a time, as children started ahead start beside each other",
                    NAIVE_TESTS, CaseInfo.Role.MEASURED), floorBindingLibc::command);
            FreshJvmCase floorClassCase = FreshJvmCase.wholeClass(new CaseInfo("floor, whole class: one fresh `java` "
                    + "+ JUnit Launcher running all of `PlainTests`, C1, SerialGC, " + floor.archiveKind()
                    + " of that run", Fixtures.TESTS, CaseInfo.Role.MEASURED), floorWholeClass::command);
            FreshJvmCase freshInPlace = FreshJvmCase.testJvm(new CaseInfo("in place in a fresh test JVM: `PlainTests`, "
                    + "a fresh `java` + JUnit Launcher, this JVM's class path, as a Surefire fork", Fixtures.TESTS,
                    CaseInfo.Role.MEASURED), PlainTests.class);
            FreshJvmCase freshIsolated = FreshJvmCase.testJvm(new CaseInfo("per method in a fresh test JVM: "
                    + "`IsolatedTests`, the same way, children started ahead", Fixtures.TESTS, CaseInfo.Role.MEASURED),
                    IsolatedTests.class);
            FreshJvmCase naive = FreshJvmCase.naive(new CaseInfo("naive: a fresh `java` + JUnit Launcher per test",
                    NAIVE_TESTS, CaseInfo.Role.MEASURED));
            List<Case> cases = List.of(inPlace, perMethod, warm0, coldCache, library, perClass, floorCase,
                    floorArchiveCase, floorLibcCase, floorLibcArchiveCase, floorLibcPairsCase, floorClassCase,
                    freshInPlace, freshIsolated, naive, surefire,
                    new LauncherCase(new CaseInfo("per method: `NetworkIsolatedTests`, `@IsolatedNetwork`",
                            Fixtures.FEW, CaseInfo.Role.MEASURED), NetworkIsolatedTests.class),
                    new LauncherCase(new CaseInfo("per method: `PidIsolatedTests`, `@IsolatedPid @IsolatedMount`",
                            Fixtures.FEW, CaseInfo.Role.MEASURED), PidIsolatedTests.class),
                    hello);

            boolean jdk25 = Runtime.version().feature() >= 25;
            double perTestTarget = jdk25 ? 100 : 150;
            Goals goals = new Goals();
            Goals.Goal cpuPerTest = goals.define("CPU per isolated test (parent + children, minus in place), "
                    + Fixtures.TESTS + " trivial tests", "ms", Goals.SHOWN, value -> true);
            Goals.Goal floorCpu = goals.define("floor: CPU per test (its JVM, minus in place)", "ms", Goals.SHOWN,
                    value -> true);
            Goals.Goal toFloor = goals.define("CPU per isolated test / floor CPU per test", "ratio", "≤ 1.25",
                    value -> value <= 1.25);
            Goals.Goal libcBound = goals.define("least a child that keeps JNR-FFI can reach: floor binding libc / "
                    + "floor, CPU per test", "ratio", Goals.SHOWN, value -> true);
            Goals.Goal libcPairsBound = goals.define("least such a child can reach beside another, as children started "
                    + "ahead run: floor binding libc, two at once / floor, CPU per test", "ratio", Goals.SHOWN,
                    value -> true);
            Goals.Goal freshCpuPerTest = goals.define("in a fresh test JVM, as a Surefire fork: CPU per isolated test "
                    + "(the fresh test JVM running `IsolatedTests`, minus it running `PlainTests`)", "ms", Goals.SHOWN,
                    value -> true);
            Goals.Goal freshToFloor = goals.define("in a fresh test JVM: CPU per isolated test / floor CPU per test",
                    "ratio", Goals.SHOWN, value -> true);
            Goals.Goal libraryCpu = goals.define("a test that calls a library (`LibraryTests`): CPU per isolated test "
                    + "beyond a trivial one (`IsolatedTests`)", "ms", Goals.SHOWN, value -> true);
            Goals.Goal parentCpu = goals.define("of that CPU per isolated test: the test JVM's (parent) beyond in place",
                    "ms", Goals.SHOWN, value -> true);
            Goals.Goal childrenCpu = goals.define("of that CPU per isolated test: the child JVMs'", "ms", Goals.SHOWN,
                    value -> true);
            int cores = Runtime.getRuntime().availableProcessors();
            Goals.Goal floorWallBound = goals.define("least wall time per test a floor JVM per test allows on these "
                    + cores + " cores (floor CPU per test / " + cores + ")", "ms", Goals.SHOWN, value -> true);
            Goals.Goal perTest = goals.define("per-method overhead per isolated test, " + Fixtures.TESTS
                    + " trivial tests, children started ahead", "ms", String.format(Locale.ROOT, "≤ %.0f ms (JDK %s)",
                            perTestTarget, jdk25 ? "25 and later" : "17 to 24"), value -> value <= perTestTarget);
            Goals.Goal first = goals.define("overhead of the first isolated test of a run (end of first test, "
                    + "per method minus in place; archive present)", "ms", "≤ 300 ms", value -> value <= 300);
            Goals.Goal floorFirst = goals.define("floor: overhead of one test in a fresh JVM of its own (wall, minus in "
                    + "place)", "ms", Goals.SHOWN, value -> true);
            Goals.Goal libcFirst = goals.define("floor binding libc: the same, the least a first test can cost for a "
                    + "child that keeps JNR-FFI (wall, minus in place)", "ms", Goals.SHOWN, value -> true);
            Goals.Goal coldRatio = goals.define("cold cache: overhead of the " + Fixtures.TESTS + "-test run with an "
                    + "empty `nsunit.cache.dir` / with the archive cached", "ratio", "≤ 1.3", value -> value <= 1.3);
            Goals.Goal floorArchiving = goals.define("floor: what making its archive adds to its test, once per "
                    + "machine (wall: floor making its archive, minus floor)", "ms", Goals.SHOWN, value -> true);
            Goals.Goal coldBound = goals.define("least that cold-cache ratio can be, were the children's archive made "
                    + "as cheaply as the floor's: (overhead of the " + Fixtures.TESTS + "-test run with the archive "
                    + "cached + what making the floor's archive adds) / the former", "ratio", Goals.SHOWN,
                    value -> true);
            Goals.Goal libcArchiving = goals.define("floor binding libc: what making its archive adds to its test "
                    + "(wall: floor binding libc making its archive, minus floor binding libc)", "ms", Goals.SHOWN,
                    value -> true);
            Goals.Goal coldLibcBound = goals.define("least that cold-cache ratio can be for children that keep "
                    + "JNR-FFI, were their archive made as cheaply as the floor binding libc's: (overhead of the "
                    + Fixtures.TESTS + "-test run with the archive cached + what making that archive adds) / the "
                    + "former", "ratio", Goals.SHOWN, value -> true);
            Goals.Goal perClassCost = goals.define("per-class overhead per class (" + Fixtures.TESTS
                    + " tests in one child)", "ms", Goals.SHOWN, value -> true);
            Goals.Goal perClassRatio = goals.define("per-class overhead per class / overhead of one child started "
                    + "when needed (`warm=0` per test)", "ratio", "≤ 1", value -> value <= 1);
            Goals.Goal floorOtherTests = goals.define("floor: what a fresh JVM pays for the class's other "
                    + (Fixtures.TESTS - 1) + " tests (wall: floor, whole class, minus floor, one test)", "ms",
                    Goals.SHOWN, value -> true);
            Goals.Goal perClassBound = goals.define("least that per-class ratio can be for a child that runs those "
                    + "tests as the floor does: (one child started when needed + what the floor pays for them) / one "
                    + "child started when needed", "ratio", Goals.SHOWN, value -> true);
            Goals.Goal toSurefire = goals.define("per-method overhead per test / Surefire fork per class", "ratio",
                    "≤ 0.2", value -> value <= 0.2);
            Goals.Goal toNaive = goals.define("per-method overhead per test / naive fork per test", "ratio",
                    Goals.SHOWN, value -> true);

            // Two: the first makes the children's class-data archives and learns which classes the children load
            // beyond the training run's, the second makes the archives that hold them, as a user's second run does.
            progress("warm-up rounds, not counted");
            runRound(cases, 0);
            runRound(cases, 1);
            Results results = new Results(cases.stream().map(Case::info).toList());
            for (int round = 1; round <= rounds; round++) {
                results.addRound(runRound(cases, round));
                int r = round - 1;
                double cpuOverhead = overhead(results, Results.Measure.CPU, r, cases.indexOf(perMethod));
                double floorOverhead = overhead(results, Results.Measure.CPU, r, cases.indexOf(floorCase));
                goals.add(cpuPerTest, cpuOverhead);
                goals.add(floorCpu, floorOverhead);
                goals.add(toFloor, cpuOverhead / floorOverhead);
                double freshCpu = (results.ms(Results.Measure.CPU, r, cases.indexOf(freshIsolated))
                        - results.ms(Results.Measure.CPU, r, cases.indexOf(freshInPlace))) / Fixtures.TESTS;
                goals.add(freshCpuPerTest, freshCpu);
                goals.add(freshToFloor, freshCpu / floorOverhead);
                goals.add(libraryCpu, overhead(results, Results.Measure.CPU, r, cases.indexOf(library)) - cpuOverhead);
                goals.add(libcBound, overhead(results, Results.Measure.CPU, r, cases.indexOf(floorLibcCase))
                        / floorOverhead);
                goals.add(libcPairsBound, overhead(results, Results.Measure.CPU, r, cases.indexOf(floorLibcPairsCase))
                        / floorOverhead);
                int isolated = cases.indexOf(perMethod);
                goals.add(parentCpu, (results.timing(r, isolated).ownCpuNanos()
                        - results.timing(r, cases.indexOf(inPlace)).ownCpuNanos()) / 1e6 / Fixtures.TESTS);
                goals.add(childrenCpu, results.timing(r, isolated).childrenCpuNanos() / 1e6 / Fixtures.TESTS);
                goals.add(floorWallBound, floorOverhead / cores);
                double overhead = overhead(results, Results.Measure.WALL, r, cases.indexOf(perMethod));
                goals.add(perTest, overhead);
                goals.add(first, (perMethod.firstTestNanos() - inPlace.firstTestNanos()) / 1e6);
                goals.add(floorFirst, overhead(results, Results.Measure.WALL, r, cases.indexOf(floorCase)));
                goals.add(libcFirst, overhead(results, Results.Measure.WALL, r, cases.indexOf(floorLibcCase)));
                goals.add(coldRatio, overhead(results, Results.Measure.WALL, r, cases.indexOf(coldCache)) / overhead);
                double archiving = archivingAdds(results, r, cases.indexOf(floorArchiveCase), cases.indexOf(floorCase));
                goals.add(floorArchiving, archiving);
                goals.add(coldBound, coldRatioBound(overhead, archiving));
                double libcArchivingMs = archivingAdds(results, r, cases.indexOf(floorLibcArchiveCase),
                        cases.indexOf(floorLibcCase));
                goals.add(libcArchiving, libcArchivingMs);
                goals.add(coldLibcBound, coldRatioBound(overhead, libcArchivingMs));
                double classOverhead = results.ms(Results.Measure.WALL, r, cases.indexOf(perClass))
                        - results.ms(Results.Measure.WALL, r, cases.indexOf(inPlace));
                goals.add(perClassCost, classOverhead);
                double childStart = overhead(results, Results.Measure.WALL, r, cases.indexOf(warm0));
                goals.add(perClassRatio, classOverhead / childStart);
                double otherTests = results.ms(Results.Measure.WALL, r, cases.indexOf(floorClassCase))
                        - results.ms(Results.Measure.WALL, r, cases.indexOf(inPlace))
                        - overhead(results, Results.Measure.WALL, r, cases.indexOf(floorCase));
                goals.add(floorOtherTests, otherTests);
                goals.add(perClassBound, (childStart + otherTests) / childStart);
                goals.add(toSurefire, overhead / overhead(results, Results.Measure.WALL, r, cases.indexOf(surefire)));
                goals.add(toNaive, overhead / overhead(results, Results.Measure.WALL, r, cases.indexOf(naive)));
                progress("round " + round + " of " + rounds + " done");
            }

            progress("one more run of IsolatedTests, not timed, sampling the children's memory");
            String memory;
            try (ChildMemory children = ChildMemory.sample(); ChildMemory floors = ChildMemory.sample(RunOne.class);
                    ChildMemory floorsLibc = ChildMemory.sample(RunOneBindingLibc.class)) {
                perMethod.run();
                children.close();
                progress("one more run of the floor, not timed, sampling its JVMs' memory");
                floorCase.run();
                floors.close();
                progress("one more run of the floor binding libc, not timed, sampling its JVMs' memory");
                floorLibcCase.run();
                floorsLibc.close();
                memory = memoryReport(children, floors, floorsLibc);
            }
            progress("one more run of IsolatedTests and of the floor binding libc, not timed, logging their phases");
            memory += ChildPhases.measure(target.resolve("benchmark-phases"), floorBindingLibc, NAIVE_TESTS,
                    goals.median(floorCpu));
            progress(scale.skipped() ? "scale run skipped (-D" + ScaleRun.SCALE + "=0)"
                    : "the scale run, not timed, sampling this JVM");
            String scaleReport = scale.run();

            String report = header(started, loadBefore, Machine.loadAverage(), rounds, hello, surefire, floor,
                    floorBindingLibc, floorWholeClass)
                    + goals.markdown() + memory + scaleReport + results.markdown(HELLO);
            System.out.println();
            System.out.print(report);
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, report);
            progress("written to " + output.toAbsolutePath());
        }
    }

    private static double overhead(Results results, Results.Measure measure, int round, int caseIndex) {
        return results.overheadMsPerTest(measure, round, caseIndex).orElseThrow();
    }

    /** What making its archive adds to a floor's test, in a round: the floor making it, minus the floor (wall, ms). */
    private static double archivingAdds(Results results, int round, int making, int floor) {
        return overhead(results, Results.Measure.WALL, round, making)
                - overhead(results, Results.Measure.WALL, round, floor);
    }

    /**
     * The least the cold-cache ratio can be, were the children's archive made at that cost: a cold run then takes the
     * cached run's overhead of its tests and what making the archive adds.
     */
    private static double coldRatioBound(double overheadPerTest, double archivingMs) {
        return (overheadPerTest * Fixtures.TESTS + archivingMs) / (overheadPerTest * Fixtures.TESTS);
    }

    private static String memoryReport(ChildMemory children, ChildMemory floors, ChildMemory floorsLibc) {
        double[] mib = mib(children);
        double[] floorMib = mib(floors);
        double[] floorLibcMib = mib(floorsLibc);
        if (mib.length == 0 || floorMib.length == 0 || floorLibcMib.length == 0) {
            return "### Child memory\n\nNo " + (mib.length == 0 ? "child" : floorMib.length == 0 ? "floor JVM"
                    : "JVM of the floor binding libc") + " was sampled.\n\n";
        }
        return "### Child memory\n\n"
                + String.format(Locale.ROOT, "Peak resident set (`VmHWM`) of %d children of one run of `IsolatedTests`"
                        + ", sampled every 5 ms: median %.1f MiB, largest %.1f MiB (target ≤ 48 MiB: %s). At most %d "
                        + "children were alive at once (one running, the others started ahead). The floor's JVMs, "
                        + "sampled the same way over one run of its %d tests: median %.1f MiB, largest %.1f MiB. The "
                        + "floor binding libc's, started with a child's `%s`, the least a child that keeps "
                        + "JNR-FFI needs: median %.1f MiB, largest %.1f MiB.%n%n",
                        mib.length, Results.median(mib), mib[mib.length - 1],
                        Results.median(mib) <= 48 ? "met" : "**not met**", children.mostAlive(), floorMib.length,
                        Results.median(floorMib), floorMib[floorMib.length - 1],
                        String.join(" ", ChildCommand.costFlags()), Results.median(floorLibcMib),
                        floorLibcMib[floorLibcMib.length - 1]);
    }

    private static double[] mib(ChildMemory sampler) {
        return Arrays.stream(sampler.peaksKib()).mapToDouble(kib -> kib / 1024.0).toArray();
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
    private static Timing[] runRound(List<Case> cases, int rotation) throws Exception {
        Timing[] timings = new Timing[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            int index = (i + rotation) % cases.size();
            timings[index] = cases.get(index).run();
        }
        return timings;
    }

    private static String header(ZonedDateTime started, String loadBefore, String loadAfter, int rounds,
            HelloCase hello, SurefireCase surefire, Floor floor, Floor floorBindingLibc, Floor floorWholeClass) {
        List<String> facts = new ArrayList<>();
        facts.add("date: " + started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        facts.add("CPU: " + Machine.cpuModel() + ", " + Runtime.getRuntime().availableProcessors()
                + " available to the JVM (nproc); memory " + Machine.memory());
        facts.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        facts.add("Java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.vm.version") + "), " + System.getProperty("java.home"));
        facts.add("load average (1, 5, 15 min): " + loadBefore + " before, " + loadAfter + " after");
        facts.add("method: " + Fixtures.TESTS + " trivial tests (`@RepeatedTest(" + Fixtures.TESTS + ")`) per run of the"
                + " main cases, " + Fixtures.FEW + " for the network and PID cases, " + NAIVE_TESTS
                + " for the naive fork and the floor; 2 warm-up rounds not counted (the second as a user's second "
                + "run, whose archives hold what the first learned the children load), then " + rounds + (rounds == 1 ? " round" : " rounds")
                + ", each running every case once in an order rotated per round; overheads computed within a round, "
                + "then the median taken");
        facts.add("bare JVM: `" + String.join(" ", hello.command()) + "`, started " + HELLO_STARTS
                + " times per run in a temporary directory holding only Hello.class");
        facts.add("CPU time: user + system time of every process that did a run's work, from getrusage(2) in "
                + "microseconds: for the Launcher cases this JVM's own (RUSAGE_SELF) plus that of the children it "
                + "reaped (RUSAGE_CHILDREN, read once none is left), for the others the children's alone");
        facts.add("naive fork: `java -cp <this JVM's class path> " + RunOne.class.getName() + " <unique id>`, once "
                + "per test, for " + NAIVE_TESTS + " of `PlainTests`'s tests per run");
        facts.add("fresh test JVM: `java -cp <this JVM's class path> " + RunOne.class.getName() + " "
                + Fixtures.wholeClass(PlainTests.class) + " " + Fixtures.TESTS + "`, once per run, and the same for "
                + "`IsolatedTests`: the test JVM's share of isolated tests when it has not run any before, as in a "
                + "Surefire fork; its CPU time is the JVM's own and that of the children it reaped");
        facts.add("floor: " + floor.describe());
        facts.add("floor, making its archive: the command that made the floor's archive, once per round, into a new "
                + "file deleted after it");
        facts.add("floor binding libc: " + floorBindingLibc.describe());
        facts.add("floor binding libc, making its archive: the command that made the floor binding libc's archive, "
                + "once per round, into a new file deleted after it");
        facts.add("floor, whole class: " + floorWholeClass.describe());
        facts.add("cold cache: `IsolatedTests` as per method, with `nsunit.cache.dir` a new empty temporary "
                + "directory each run, deleted after it");
        facts.add("Surefire: " + surefire.command() + "; the difference is the cost of "
                + SUREFIRE_EXTRA_CLASSES + " more forked classes");
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
