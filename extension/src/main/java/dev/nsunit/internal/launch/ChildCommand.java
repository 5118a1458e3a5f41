package dev.nsunit.internal.launch;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.nsunit.internal.child.ChildMain;

/**
 * The command line of a child JVM: the parent's own {@code java}, class path and the JVM arguments that change
 * what a test sees, plus lean flags for a short-lived JVM and the user's {@code nsunit.child.jvmArgs}.
 *
 * <p>Passed on from the parent's command line: {@code -javaagent:}/{@code -agentpath:}/{@code -agentlib:} (so a
 * coverage agent records what runs in the child), {@code -D} properties, {@code -ea}/{@code -esa} and their
 * package forms (and {@code -ea} when assertions are enabled in the parent some other way, as Surefire does),
 * the module layout ({@code --module-path}, {@code --upgrade-module-path}, {@code --patch-module},
 * {@code --add-modules}, {@code --limit-modules}) and access ({@code --add-opens}, {@code --add-exports},
 * {@code --add-reads}, {@code --enable-native-access}), {@code --enable-preview}, and the flags that decide what a
 * test may do rather than how fast its JVM runs: the maximum heap ({@code -Xmx}, {@code -XX:MaxHeapSize=}), the
 * stack size ({@code -Xss}, {@code -XX:ThreadStackSize=}) and {@code -XX:±EnableDynamicAgentLoading}. Not passed:
 * the initial heap, the collector and every other {@code -X}/{@code -XX} flag (a child has lean ones of its own),
 * and a {@code jdwp} debugging agent (a second JVM cannot listen on the parent's port;
 * {@link #waitingForDebuggerAt} gives a child one of its own).
 */
public record ChildCommand(List<String> argv) {

    /** Linux refuses longer single arguments (MAX_ARG_STRLEN) with E2BIG. */
    private static final int MAX_ARGUMENT_BYTES = 128 * 1024;

    /**
     * The compiler thread spends about a third of a child's CPU compiling methods that run a few hundred times in
     * one test's life and never again; compiling at three times the usual counts saves 20 to 30 ms of CPU per child
     * (JDK 17 and 25), where interpreting everything (-Xint) costs 50 more. A long-running test still gets its hot
     * code compiled, a little later.
     */
    private static final String FEWER_COMPILATIONS = "-XX:CompileThresholdScaling=3";

    /**
     * The default initial heap (1/64 of the machine's memory) lets a young generation of tens of MiB fill before
     * the first collection, all of it resident. The heap still grows as a test needs. Measured peak resident set of
     * a child: JDK 25 64.3 -> 58.8 MiB with 8 MiB, then 49.3 -> 48.5 with 4 MiB (JDK 17 49.0 -> 47.8), for two
     * young collections more (GC logs of 50 children: 2 ms more of pauses on JDK 17, 5 on JDK 25); 3 MiB gains
     * nothing more, since by then the heap holds what one test's start keeps alive.
     */
    private static final String INITIAL_HEAP = "-XX:InitialHeapSize=";
    private static final int SMALL_INITIAL_HEAP_MIB = 4;
    private static final String SMALL_INITIAL_HEAP = INITIAL_HEAP + SMALL_INITIAL_HEAP_MIB + "m";
    private static final String MAX_HEAP = "-XX:MaxHeapSize=";

    /**
     * The flags of a child's, beyond a lean JVM's C1 and serial collector, that change what its JVM costs: the
     * memory it touches (its heap and its compiled code), the CPU its compiler spends and, on this JVM's release,
     * how it reflects. For a measurement that must start a JVM the way a child starts. A method, not constants, so
     * that what another module compiled against it follows this one.
     */
    public static List<String> costFlags() {
        List<String> flags = new ArrayList<>(List.of(SMALL_INITIAL_HEAP, FEWER_COMPILATIONS));
        flags.addAll(nativeReflection(Runtime.version().feature()));
        return flags;
    }

    /**
     * From JDK 18 on (JEP 416) the JDK makes a method handle for each method and constructor that core reflection
     * calls, the first time it is called, and spins classes for their forms: JUnit calls the test's constructor and
     * methods, the extensions' and the engines' so, and libraries many more (Jackson every getter and setter it
     * uses). A JVM that runs one test calls most of them once or a few times. Native accessors, which the JDK itself
     * uses until its module system is up and keeps behind this property, call them without making anything. Measured
     * on JDK 25: 50 isolated trivial tests, 13 to 22 ms less CPU per test (two batches of 6 and 8 interleaved runs);
     * a test that writes and reads 50 objects with Jackson, 95 ms less per test (10 tests, 4 runs each way). The
     * price is the call itself: about 180 against 105 ns under C1, so a test that makes 1.2 million reflective calls
     * took 41 ms more (3%). JDK 17 calls natively for a method's first 15 calls anyway, then generates an accessor;
     * keeping every call native there ({@code sun.reflect.inflationThreshold} at its maximum) measured no difference
     * (24.5 and 24.4 s of CPU for the 50 tests), so it is left as it is.
     */
    private static final String NATIVE_REFLECTION = "-Djdk.reflect.useNativeAccessorOnly=true";
    private static final int METHOD_HANDLE_REFLECTION_FEATURE = 18;

    private static List<String> nativeReflection(int javaVersion) {
        return javaVersion >= METHOD_HANDLE_REFLECTION_FEATURE ? List.of(NATIVE_REFLECTION) : List.of();
    }

    /** A child runs one test and exits: C1 alone reaches speed sooner than tiered compilation. */
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    private static final List<String> LEAN_FLAGS = List.of(
            C1_ONLY,
            FEWER_COMPILATIONS,
            // No hsperfdata file in /tmp, which a killed child would leave behind.
            "-XX:-UsePerfData",
            // A crash report goes into a file in the build's output directory, not to the console (a thousand lines
            // and more) nor into the working directory; the test's failure quotes its banner and names the file.
            CrashReport.errorFileOption(),
            "-XX:-CreateCoredumpOnCrash");

    /** Tells a JVM it is a child; nsunit's own flags come before it, the user's after. */
    private static final String CHILD_MARKER = "-D" + ChildMain.CHILD_PROPERTY + "=true";

    /**
     * How the test JVM's modules are laid out. A project whose main code is a module runs its tests as that module
     * (Surefire's default then: the classes on the module path, the test classes patched into it), so a child
     * without the same module path would load the test class from the class path, outside its module, and not find
     * the code it tests.
     */
    private static final Set<String> MODULE_FLAGS = Set.of("--module-path", "-p", "--upgrade-module-path",
            "--patch-module", "--add-modules", "--limit-modules", "--add-opens", "--add-exports", "--add-reads",
            "--enable-native-access");

    public ChildCommand {
        argv = List.copyOf(argv);
    }

    /** The command for a child of this JVM that is to run tests loaded by {@code testLoader}. */
    public static ChildCommand forThisJvm(List<String> extraJvmArgs, ClassLoader testLoader) {
        List<String> jvmArgs = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (ChildCommand.class.desiredAssertionStatus() && !jvmArgs.contains("-ea")) {
            jvmArgs.add("-ea");
        }
        return of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                ChildClassPath.of(System.getProperty("java.class.path"), testLoader), jvmArgs, extraJvmArgs);
    }

    static ChildCommand of(String java, String classPath, List<String> parentJvmArgs, List<String> extraJvmArgs) {
        return of(java, Runtime.version().feature(), classPath, parentJvmArgs, extraJvmArgs);
    }

    static ChildCommand of(String java, int javaVersion, String classPath, List<String> parentJvmArgs,
            List<String> extraJvmArgs) {
        if (classPath.getBytes(StandardCharsets.UTF_8).length >= MAX_ARGUMENT_BYTES) {
            throw new IllegalStateException("The class path is " + classPath.length() + " characters long, more "
                    + "than Linux accepts in one argument (128 KiB), so a child JVM cannot be started with it");
        }
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(LEAN_FLAGS);
        argv.addAll(nativeReflection(javaVersion));
        List<String> usersOwn = new ArrayList<>(extraJvmArgs);
        usersOwn.addAll(environmentOptions());
        // Where the user picks a collector or heap size, theirs alone: the JVM refuses two collectors, and an
        // initial heap above the user's maximum.
        if (usersOwn.stream().noneMatch(ChildCommand::selectsCollector)) {
            // One test's worth of garbage needs no concurrent collector: the serial one starts sooner and leaves a
            // smaller resident set (measured: 2 MiB less on JDK 17 and 25, 30 ms sooner on 25).
            argv.add("-XX:+UseSerialGC");
        }
        if (usersOwn.stream().noneMatch(ChildCommand::sizesHeap)) {
            argv.add(SMALL_INITIAL_HEAP);
        }
        argv.addAll(quietNativeAccess(javaVersion));
        argv.addAll(inherited(parentJvmArgs));
        argv.add(CHILD_MARKER);
        argv.addAll(extraJvmArgs);
        argv.add("-cp");
        argv.add(classPath);
        argv.add(ChildMain.class.getName());
        return new ChildCommand(argv);
    }

    /**
     * This command without the two flags that suit a child whose test is over in a few hundred milliseconds: the
     * small initial heap and the raised compile thresholds. For tests that load an application (a Spring context,
     * say), both cost more than they save: a Spring Boot test's JVM with them, measured, spent 190 ms more CPU and
     * 230 ms more wall time, on 18 collections (none without) and on code run interpreted longer (see
     * {@link ChildWeight}). Native reflection stays ({@link #NATIVE_REFLECTION}): such a test calls many of its
     * application's methods and constructors reflectively, most a few times, as the Jackson test measured there
     * does. The user's own flags stay.
     */
    public ChildCommand forHeavyTests() {
        return withOwnFlags(flag -> flag.startsWith(INITIAL_HEAP) || flag.equals(FEWER_COMPILATIONS)
                ? Optional.empty() : Optional.of(flag));
    }

    /**
     * This command for a child that will run long (tens of seconds of CPU; see {@link LongRunningUnits}): with the
     * JVM's tiered compilation, whose C2 code runs such a test about twice as fast as C1's, its own reflection
     * (a call through a compiled method handle took 4 ns, a native one 100), and without the flags
     * {@link #forHeavyTests} leaves out. The user's own flags stay.
     */
    public ChildCommand forLongRuns() {
        List<String> tiered = new ArrayList<>(forHeavyTests()
                .withOwnFlags(flag -> flag.equals(C1_ONLY) ? Optional.empty() : Optional.of(flag)).argv());
        // The first only: nsunit's own comes before a -D of the test JVM's, which is the user's.
        tiered.remove(NATIVE_REFLECTION);
        return new ChildCommand(tiered);
    }

    /** Whether the JVM starts from a class-data archive (JDK 17's AppCDS archive, or from JDK 25 an AOT cache). */
    public boolean startsFromArchive() {
        return argv.stream()
                .anyMatch(arg -> arg.startsWith("-XX:SharedArchiveFile=") || arg.startsWith("-XX:AOTCache="));
    }

    /**
     * This command with nsunit's own initial heap at least this many MiB; a heap the user sized stays as it is.
     */
    public ChildCommand withInitialHeapOfAtLeast(long mebibytes) {
        // Never above the maximum the child inherited: the JVM refuses to start with an initial heap above it.
        long wanted = Math.min(mebibytes, maximumHeapMebibytes());
        if (wanted <= SMALL_INITIAL_HEAP_MIB) {
            return this;
        }
        String sized = INITIAL_HEAP + wanted + "m";
        return withOwnFlags(flag -> Optional.of(flag.equals(SMALL_INITIAL_HEAP) ? sized : flag));
    }

    /** The maximum heap this command sets, as the JVM reads it (the last such flag wins), or else no bound. */
    private long maximumHeapMebibytes() {
        long maximum = Long.MAX_VALUE;
        for (String arg : argv) {
            String size = arg.startsWith("-Xmx") ? arg.substring("-Xmx".length())
                    : arg.startsWith(MAX_HEAP) ? arg.substring(MAX_HEAP.length()) : null;
            if (size != null) {
                maximum = mebibytes(size);
            }
        }
        return maximum;
    }

    /**
     * A JVM size ({@code 512m}, {@code 2G}, {@code 1048576}) in whole MiB, or no bound for what is not one: the JVM
     * refuses that itself, with a message of its own.
     */
    static long mebibytes(String size) {
        if (!size.matches("\\d{1,12}[kKmMgGtT]?")) {
            return Long.MAX_VALUE;
        }
        char unit = Character.toLowerCase(size.charAt(size.length() - 1));
        String digits = Character.isDigit(unit) ? size : size.substring(0, size.length() - 1);
        long scale = switch (unit) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        return Long.parseLong(digits) * scale >> 20;
    }

    /**
     * This command with each of nsunit's own flags (those before the child's marker; the user's come after it)
     * replaced as asked, or left out where the answer is empty.
     */
    private ChildCommand withOwnFlags(Function<String, Optional<String>> replacement) {
        int usersFrom = argv.indexOf(CHILD_MARKER);
        List<String> replaced = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            if (i < usersFrom) {
                replacement.apply(argv.get(i)).ifPresent(replaced::add);
            }
            else {
                replaced.add(argv.get(i));
            }
        }
        return new ChildCommand(replaced);
    }

    /** This command with one more entry at the end of its class path. */
    public ChildCommand withClassPathEntry(Path entry) {
        List<String> extended = new ArrayList<>(argv);
        // "-cp <class path> <main class>" end every command.
        int classPath = extended.size() - 2;
        extended.set(classPath, extended.get(classPath) + File.pathSeparator + entry);
        return new ChildCommand(extended);
    }

    /**
     * This command with a JDWP agent that makes the child wait, before it runs anything, until a debugger attaches
     * at {@code address} ({@code [host:]port}, as the agent's {@code address} option takes it).
     */
    public ChildCommand waitingForDebuggerAt(String address) {
        List<String> withAgent = new ArrayList<>(argv);
        // Before "-cp <class path> <main class>", which end every command.
        withAgent.add(argv.size() - 3, debugAgent(address));
        return new ChildCommand(withAgent);
    }

    static String debugAgent(String address) {
        return "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=" + address;
    }

    /**
     * JNR-FFI, which the child needs for its own system calls, loads a native library and uses sun.misc.Unsafe;
     * newer JDKs warn about both on every start, and the warnings would land in every test's output.
     */
    public static List<String> quietNativeAccess(int javaVersion) {
        List<String> flags = new ArrayList<>();
        if (javaVersion >= 22) {
            flags.add("--enable-native-access=ALL-UNNAMED");
        }
        if (javaVersion >= 24) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }

    private static boolean selectsCollector(String arg) {
        return arg.matches("-XX:[+-]Use\\w+GC");
    }

    private static boolean sizesHeap(String arg) {
        return arg.startsWith("-Xmx") || arg.startsWith("-Xms") || arg.startsWith("-Xmn")
                || arg.matches("-XX:(Max|Initial|Min)?(HeapSize|NewSize|RAMPercentage|RAMFraction)=.*")
                || arg.matches("-XX:(MaxNewSize|NewSize|MaxRAM|NewRatio)=.*");
    }

    /** Options the child's JVM takes from its environment, which it inherits from this one. */
    private static List<String> environmentOptions() {
        List<String> options = new ArrayList<>();
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                options.addAll(List.of(value.trim().split("\\s+")));
            }
        }
        return options;
    }

    static List<String> inherited(List<String> parentJvmArgs) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < parentJvmArgs.size(); i++) {
            String arg = parentJvmArgs.get(i);
            if (MODULE_FLAGS.contains(arg) && i + 1 < parentJvmArgs.size()) {
                kept.add(arg);
                kept.add(parentJvmArgs.get(++i));
            }
            else if (isInherited(arg)) {
                kept.add(arg);
            }
        }
        return kept;
    }

    private static boolean isInherited(String arg) {
        if (arg.startsWith("-agentlib:jdwp") || arg.startsWith("-Xrunjdwp")) {
            return false;
        }
        return arg.startsWith("-javaagent:") || arg.startsWith("-agentpath:") || arg.startsWith("-agentlib:")
                // What a test may do, not how fast it runs: how much memory it may take before an
                // OutOfMemoryError (the test JVM's maximum, which a build sizes for its tests), how deep it may
                // recurse before a StackOverflowError, whether it may load an agent (Mockito's inline mock maker
                // does, from JDK 21 with a warning).
                || arg.startsWith("-Xmx") || arg.startsWith(MAX_HEAP)
                || arg.startsWith("-Xss") || arg.startsWith("-XX:ThreadStackSize=")
                || arg.equals("-XX:+EnableDynamicAgentLoading") || arg.equals("-XX:-EnableDynamicAgentLoading")
                || arg.startsWith("-D")
                || arg.equals("-ea") || arg.startsWith("-ea:") || arg.equals("-enableassertions")
                || arg.startsWith("-enableassertions:") || arg.equals("-esa") || arg.equals("-enablesystemassertions")
                || arg.equals("--enable-preview")
                || MODULE_FLAGS.stream().anyMatch(flag -> arg.startsWith(flag + "="));
    }
}
