package dev.nsunit.docs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Every message nsunit can skip or fail a test with has a row in the user guide's troubleshooting table, saying
 * what it means and what to do: the messages are read from the extension's sources, so a new message without a row
 * fails the build, and a row whose message is gone does too.
 */
class TroubleshootingTableTest {

    private static final Path GUIDE = Repository.root().resolve("docs/user-guide.md");
    private static final String HEADING = "### Every message, what it means, what to do";
    private static final Path SOURCES = Repository.root().resolve("extension/src/main/java");
    /** The doctor prints a report on the command line, shown whole in the guide; it never ends a test. */
    private static final List<Path> NOT_ABOUT_TESTS = List.of(Path.of("dev/nsunit/internal/doctor"));
    /**
     * Messages of the sources that never reach a user, each with the reason: a key is the start of the message (so
     * that exempting "not isolated" leaves "isolated: run in a child JVM by the nsunit engine" to the table).
     */
    private static final Map<String, String> NEVER_SHOWN = Map.ofEntries(
            Map.entry("# A fatal error has been detected by the Java Runtime Environment:",
                    "HotSpot's words, looked for in a crashed child's crash banner"),
            Map.entry("# An error report file with more information is saved as:",
                    "HotSpot's words, looked for in a crashed child's crash banner"),
            Map.entry("# Problematic frame:", "HotSpot's words, looked for in a crashed child's crash banner"),
            Map.entry("# JRE version:", "HotSpot's words, looked for in a crashed child's crash banner"),
            Map.entry("Descriptor ",
                    "thrown in the child by a write to the relay after it closed it, which nothing does: the "
                            + "relay's last message was sent before"),
            Map.entry("Lost the relay to the parent JVM",
                    "thrown in the child once its parent is gone, when nobody is left to read it"),
            Map.entry("not isolated",
                    "the reason of the post-discovery filter for what it keeps; JUnit logs the reasons of excluded "
                            + "tests only"),
            Map.entry("The warm-up's empty tests could not run",
                    "dropped in a warm child, where only speed is lost; thrown out of a training run, whose "
                            + "output the parent's warning quotes by its last line only, never this one: a stack "
                            + "trace follows"),
            Map.entry("The warm-up's empty tests did not all pass: ",
                    "dropped in a warm child, where only speed is lost; thrown out of a training run, whose "
                            + "output the parent's warning quotes by its last line only, never this one: a stack "
                            + "trace follows"),
            Map.entry("Training: the empty test timed out",
                    "the training run's stop for a method that ignores its timeout, which no empty test has; "
                            + "thrown out of the training run, whose output the parent's warning quotes by its last "
                            + "line only: a stack trace follows"),
            Map.entry("MessageCodec has no encoding for ",
                    "a message or user mapping added without an encoding; MessageCodecTest round-trips one of each, "
                            + "so the build fails before a user could meet it"),
            Map.entry(" source: ", "HotSpot's words, looked for in a child's log of the classes it reads from class files"),
            Map.entry("nsunit learned classes ",
                    "the first line of a list of learned classes in the cache directory, which names its format; "
                            + "written and read, never shown"),
            Map.entry("nsunit long-running units ",
                    "the first line of a list of long-running units in the cache directory, which names its format; "
                            + "written and read, never shown"),
            Map.entry("Training: message ",
                    "thrown out of the training run, whose output the parent's warning quotes by its last line "
                            + "only, never this one: a stack trace follows"),
            Map.entry("nsunit class-data archive ",
                    "the format's name and version, hashed into every archive's key and never printed"),
            Map.entry("the child command has no class path",
                    "every child command ends with -cp, its class path and the main class (ChildCommand.of)"),
            Map.entry("Every JDK has SHA-256",
                    "Java SE requires every implementation to support SHA-256, so the exception cannot be thrown"),
            Map.entry("# nsunit: added for this isolated test",
                    "a comment nsunit writes into the child's copy of /etc/hosts, not a message"),
            Map.entry("cannot read /proc/self/stat",
                    "a JVM reads its own /proc/self/stat, which Linux always has; and nsunit reads its cgroups from "
                            + "/proc before it gets there, refusing @Limits with a message of its own without /proc"),
            Map.entry("cgroup v",
                    "a hierarchy's version, a part of the messages that name it"),
            Map.entry("No limit of the ",
                    "LimitPlan asks only for the memory, pids and cpu controllers, each of which LimitCgroups limits"),
            Map.entry(" in … cgroups created below ", "a part of the doctor's row for @Limits, which DoctorTest quotes"),
            Map.entry("No resource limits is ResourceLimits.NONE, not null",
                    "every setup is made with ResourceLimits.NONE or the annotations' limits, never null"),
            Map.entry("Resource limits are zero (none) or positive: ",
                    "SetupValidation refuses negative or non-numeric values with a message of its own first"),
            Map.entry("memory = ", "a part of the limits as the messages above name them"),
            Map.entry("pids = ", "a part of the limits as the messages above name them"),
            Map.entry("cpus = ", "a part of the limits as the messages above name them"),
            Map.entry("(\\d{1,19}", "the pattern @Limits(memory) is read with, never printed"),
            Map.entry("printf x >&",
                    "the shell script a hardened child waits for its identity map with, never printed"),
            Map.entry("A hardened child needs a mount namespace of its own",
                    "IsolationAnnotations adds a mount namespace to every hardened setup, so it cannot be thrown"),
            Map.entry("Entries for /etc/hosts need a mount namespace of their own",
                    "IsolationAnnotations adds a mount namespace to every setup with hosts entries, so it cannot be "
                            + "thrown"),
            Map.entry("Clock offsets need a time namespace of their own",
                    "IsolationAnnotations adds a time namespace to every setup with clock offsets, so it cannot be "
                            + "thrown"),
            Map.entry("nsunit read no ",
                    "NamespaceInodes refuses a type it did not read; every caller reads the types it then asks for, "
                            + "and the probe finds a kernel without cgroup or time namespaces first"),
            Map.entry("Cannot read the repeated annotations in ",
                    "reads value() of a container of repeated annotations, which the compiler makes public"),
            Map.entry("Specified qdisc kind is unknown",
                    "tc's words, looked for in its output to tell that the kernel has no netem"),
            Map.entry("Network conditions need a network namespace of their own",
                    "IsolationAnnotations adds a network namespace to every setup with network conditions, so it "
                            + "cannot be thrown"),
            Map.entry("A child cannot both join and create a ",
                    "IsolationAnnotations refuses such a test first, with a message that names the annotations"),
            Map.entry("The run's child pool is closed",
                    "the pool is closed when the nsunit engine's execution ends, after its last unit has had its "
                            + "child, so no unit asks it for a child after"),
            Map.entry("The child (pid ",
                    "WarmChildren hands a child prepared ahead only to a unit of the setup it was prepared for "
                            + "(Waiting.serves), so it cannot be thrown"));

    @Test
    void everyMessageTheLibraryCanProduceHasARow() throws Exception {
        List<TroubleshootingTable.Row> rows = TroubleshootingTable.rows(GUIDE, HEADING);

        List<LibraryMessages.Message> unexplained = new ArrayList<>();
        for (LibraryMessages.Message message : LibraryMessages.under(SOURCES, NOT_ABOUT_TESTS)) {
            if (!isNeverShown(message) && rows.stream().noneMatch(row -> row.explains(message))) {
                unexplained.add(message);
            }
        }

        assertThat(unexplained).as("messages of " + Repository.root().relativize(SOURCES) + " that no row of the "
                + "table under \"" + HEADING + "\" in " + Repository.root().relativize(GUIDE) + " explains. Add a row "
                + "that quotes each (its literal parts in order, <placeholders> for what is computed), says what it "
                + "means and what to do").isEmpty();
    }

    @Test
    void everyRowExplainsAMessageTheLibraryStillProduces() throws Exception {
        List<LibraryMessages.Message> messages = LibraryMessages.under(SOURCES, NOT_ABOUT_TESTS);

        List<TroubleshootingTable.Row> stale = TroubleshootingTable.rows(GUIDE, HEADING).stream()
                .filter(row -> messages.stream().noneMatch(row::explains)).toList();

        assertThat(stale).as("rows of the troubleshooting table quoting no message the library still has").isEmpty();
    }

    @Test
    void everyExemptionStillMatchesAMessage() throws Exception {
        List<LibraryMessages.Message> messages = LibraryMessages.under(SOURCES, NOT_ABOUT_TESTS);

        assertThat(NEVER_SHOWN.keySet()).as("exemptions matching no message any more: remove them")
                .allMatch(start -> messages.stream().anyMatch(message -> message.template().startsWith(start)));
    }

    @Test
    void theTableIsThere() throws Exception {
        assertThat(TroubleshootingTable.rows(GUIDE, HEADING)).as("rows under \"" + HEADING + "\"").hasSizeGreaterThan(20);
    }

    @Test
    void aMessageTheLibraryGainsWithoutARowIsReported() throws Exception {
        List<LibraryMessages.Message> gained = LibraryMessages.in("Frob.java",
                "class Frob { Object f(String x) { return new IllegalStateException(\"Cannot frob \" + x); } }");

        assertThat(TroubleshootingTable.rows(GUIDE, HEADING)).noneMatch(row -> row.explains(gained.get(0)));
    }

    @Test
    void aRowExplainsAMessageWhenItQuotesAllItsFragmentsInOrder() {
        LibraryMessages.Message message = new LibraryMessages.Message("Frob.java", 1,
                List.of("Cannot frob ", " today"));

        assertThat(new TroubleshootingTable.Row(1, "| Cannot frob <thing> today | ... |").explains(message)).isTrue();
        assertThat(new TroubleshootingTable.Row(1, "| today: Cannot frob <thing> | ... |").explains(message)).isFalse();
        assertThat(new TroubleshootingTable.Row(1, "| Cannot frob <thing> | ... |").explains(message)).isFalse();
    }

    private static boolean isNeverShown(LibraryMessages.Message message) {
        return NEVER_SHOWN.keySet().stream().anyMatch(start -> message.template().startsWith(start));
    }
}
