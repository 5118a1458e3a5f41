package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What children parse from class files an archive could hold is learned from their logs, kept where it is worth a
 * new archive, and never costs a child its start.
 */
class LearnedClassesTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path temp;

    private Path cache;
    private Path archivedJar;
    private long run;
    private long endedChild;

    @BeforeEach
    void aCacheAndAnEndedChild() throws Exception {
        cache = Files.createDirectories(temp.resolve("cache"));
        archivedJar = temp.resolve("lib.jar");
        run = ProcessHandle.current().pid();
        endedChild = endedPid();
    }

    @Test
    void theClassesOfTheArchivedJarsAndOfTheJdkAreLearnedAndNoOthers() throws IOException {
        log(run, endedChild,
                "com.acme.Widget source: " + archivedJar.toUri(),
                "java.sql.Date source: /usr/lib/jvm/some-jdk/lib/modules",
                "com.acme.Other source: " + temp.resolve("not-archived.jar").toUri(),
                "com.acme.Test source: " + temp.resolve("test-classes").toUri(),
                "java.lang.invoke.LambdaForm$MH source: __JVM_LookupDefineClass__",
                "jdk.proxy2.$Proxy9 source: __dynamic_proxy__",
                "com.acme.Widget$$Lambda source: com.acme.Widget");

        assertThat(learned(1).learn()).isTrue();

        assertThat(learned(1).names()).containsExactly("com.acme.Widget", "java.sql.Date");
    }

    @Test
    void theNextRunsArchiveIsNamedForWhatWasLearned() throws IOException {
        assertThat(learned(1).suffix()).as("nothing learned").isEmpty();
        log(run, endedChild, "com.acme.Widget source: " + archivedJar.toUri());
        learned(1).learn();
        String widget = learned(1).suffix();
        log(run, endedChild, "com.acme.Gadget source: " + archivedJar.toUri());
        learned(1).learn();

        assertThat(widget).matches("-[0-9a-f]{16}");
        assertThat(learned(1).suffix()).matches("-[0-9a-f]{16}").isNotEqualTo(widget);
    }

    @Test
    void aClassFewerThanOneChildInTwentyParsedIsNotLearned() throws Exception {
        LearnedClasses learning = learned(1);
        for (int child = 0; child < 2 * LearnedClasses.SHARE_OF_CHILDREN; child++) {
            learning.childOption();
            log(run, endedPid(), child == 0 ? List.of("com.acme.Widget source: " + archivedJar.toUri(),
                    "com.acme.Rare source: " + archivedJar.toUri())
                    : List.of("com.acme.Widget source: " + archivedJar.toUri()));
        }

        learning.learn();

        assertThat(learned(1).names()).containsExactly("com.acme.Widget");
    }

    @Test
    void newcomersLoadedTooRarelyToPayForANewArchiveAreNotLearned() throws Exception {
        for (int child = 0; child < 3; child++) {
            log(run, endedPid(), List.of("com.acme.Widget source: " + archivedJar.toUri()));
        }

        assertThat(learned(4).learn()).isFalse();

        assertThat(learned(4).names()).isEmpty();
        assertThat(cache.resolve(KEY + LearnedClasses.SUFFIX)).doesNotExist();
    }

    /** Children in PID namespaces of their own all see the same pid, and so append to one log. */
    @Test
    void everyLineOfALogIsALoadByAChild() throws Exception {
        LearnedClasses learning = learned(3);
        for (int child = 0; child < 2 * LearnedClasses.SHARE_OF_CHILDREN; child++) {
            learning.childOption();
        }
        log(run, 1, "com.acme.Widget source: " + archivedJar.toUri(), "com.acme.Widget source: "
                + archivedJar.toUri(), "com.acme.Gadget source: " + archivedJar.toUri(), "com.acme.Widget source: "
                        + archivedJar.toUri());

        learning.learn();

        assertThat(learned(3).names()).as("Widget's 3 loads are 3 children, Gadget's 1 fewer than one in 20 of 40")
                .containsExactly("com.acme.Widget");
    }

    @Test
    void theLogsOfEndedChildrenAreCountedAndDeletedDuringTheRunAndTheRestAtItsEnd() throws Exception {
        Path ended = log(run, endedChild, "com.acme.Widget source: " + archivedJar.toUri());
        Path running = log(run, run, "com.acme.Gadget source: " + archivedJar.toUri());
        LearnedClasses learning = learned(1);

        learning.absorbEnded();
        assertThat(ended).as("an ended child's log").doesNotExist();
        assertThat(running).as("a running child's log").exists();
        learning.learn();

        assertThat(running).doesNotExist();
        assertThat(learned(1).names()).containsExactly("com.acme.Gadget", "com.acme.Widget");
    }

    @Test
    void logsOfARunThatEndedWithoutCountingThemAreCountedByTheNextAndThoseOfOtherCommandsDeleted() throws Exception {
        long endedRun = endedPid();
        log(endedRun, endedChild, "com.acme.Widget source: " + archivedJar.toUri());
        Path othersLog = Files.writeString(cache.resolve("learning").resolve("fedcba9876543210fedcba9876543210."
                + endedRun + "." + endedChild + ".log"), "com.acme.Other source: " + archivedJar.toUri() + "\n");

        learned(1).learn();

        assertThat(learned(1).names()).containsExactly("com.acme.Widget");
        assertThat(othersLog).doesNotExist();
        try (Stream<Path> logs = Files.list(cache.resolve("learning"))) {
            assertThat(logs).isEmpty();
        }
    }

    @Test
    void aDamagedListCountsAsNone() throws IOException {
        Files.writeString(cache.resolve(KEY + LearnedClasses.SUFFIX), "\u0000garbage\ncom.acme.Widget\n");

        assertThat(learned(1).names()).isEmpty();
        assertThat(learned(1).suffix()).isEmpty();
    }

    @Test
    void aJvmGivenTheOptionLogsTheClassesItParsesEvenUnderADirectoryWithAColonInItsName() throws Exception {
        cache = Files.createDirectories(temp.resolve("a cache: with a colon"));
        String option = learned(1).childOption().orElseThrow();

        Process jvm = new ProcessBuilder(JAVA, "-Xshare:off", option, "-version").redirectErrorStream(true).start();
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(jvm.waitFor()).as(output).isZero();
        Path log = cache.resolve("learning").resolve(KEY + "." + run + "." + jvm.pid() + ".log");
        assertThat(Files.readAllLines(log)).as("a class of the JDK's read from its image, as the list takes it")
                .contains("java.lang.Object source: " + Path.of(System.getProperty("java.home"), "lib", "modules"));
    }

    @Test
    void noChildIsGivenTheOptionWhereItsLogCouldNotBeWrittenForAJvmThatCannotOpenItsLogDoesNotStart()
            throws IOException {
        cache = Files.writeString(temp.resolve("a-file"), "").resolve("cache");

        assertThat(learned(1).childOption()).isEmpty();
    }

    private LearnedClasses learned(int loadsWorthTraining) {
        return LearnedClasses.in(cache, KEY, List.of(archivedJar), loadsWorthTraining);
    }

    private Path log(long ofRun, long child, String... lines) throws IOException {
        return log(ofRun, child, List.of(lines));
    }

    private Path log(long ofRun, long child, List<String> lines) throws IOException {
        Path logs = Files.createDirectories(cache.resolve("learning"));
        return Files.write(logs.resolve(KEY + "." + ofRun + "." + child + ".log"), lines);
    }

    /** The pid of a process that has ended: counted as a child whose log is whole. */
    private static long endedPid() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        return ended.pid();
    }
}
