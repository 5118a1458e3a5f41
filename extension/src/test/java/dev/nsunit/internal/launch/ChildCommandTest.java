package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nsunit.internal.child.ChildMain;

class ChildCommandTest {

    private static final String NATIVE_REFLECTION = "-Djdk.reflect.useNativeAccessorOnly=true";

    private static final List<String> PARENT_ARGS = List.of(
            "-javaagent:/m2/jacoco/org.jacoco.agent-runtime.jar=destfile=/p/target/jacoco.exec",
            "-Xmx2g", "-XX:+UseG1GC", "-Dsurefire.flag=1", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
            "-ea", "--enable-preview", "-Duser.language=en");

    @Test
    void childRunsTheParentsJavaAndClassPathWithTheChildMain() {
        List<String> argv = ChildCommand.of("/jdk/bin/java", "/a.jar:/b", List.of(), List.of()).argv();

        assertThat(argv.get(0)).isEqualTo("/jdk/bin/java");
        assertThat(argv.subList(argv.size() - 3, argv.size()))
                .containsExactly("-cp", "/a.jar:/b", "dev.nsunit.internal.child.ChildMain");
        assertThat(argv).contains("-Dnsunit.internal.child=true");
    }

    @Test
    void agentsPropertiesAssertionsAndModuleFlagsArePassedOnInOrder() {
        List<String> argv = ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, List.of()).argv();

        assertThat(argv).containsSubsequence(
                "-javaagent:/m2/jacoco/org.jacoco.agent-runtime.jar=destfile=/p/target/jacoco.exec",
                "-Dsurefire.flag=1", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "-ea", "--enable-preview", "-Duser.language=en");
    }

    /**
     * As Surefire runs the tests of a project whose main code is a module: its classes on the module path, the test
     * classes patched into it. The JVM shows its options in their {@code --name=value} form.
     */
    @Test
    void theModuleLayoutIsPassedOnSoThatATestRunsInTheModuleItWasPatchedInto() {
        List<String> modular = List.of("--module-path=/p/target/classes", "--patch-module=app=/p/target/test-classes",
                "--add-opens=app/app=ALL-UNNAMED", "--add-reads=app=ALL-UNNAMED", "--add-modules=ALL-MODULE-PATH",
                "--upgrade-module-path=/u", "--limit-modules=java.base,app", "-p", "/q");

        assertThat(ChildCommand.of("/jdk/bin/java", "/a.jar", modular, List.of()).argv())
                .containsSubsequence(modular);
    }

    @Test
    void theMaximumHeapStackSizeAndWhetherAgentsMayLoadArePassedOnAsTheyDecideWhatATestMayDo() {
        List<String> argv = ChildCommand.of("/jdk/bin/java", "/a.jar", List.of("-Xmx2g", "-XX:MaxHeapSize=3g",
                "-Xss4m", "-XX:ThreadStackSize=4096", "-XX:+EnableDynamicAgentLoading"), List.of()).argv();

        assertThat(argv).containsSubsequence("-Xmx2g", "-XX:MaxHeapSize=3g", "-Xss4m", "-XX:ThreadStackSize=4096",
                "-XX:+EnableDynamicAgentLoading");
    }

    @Test
    void theInitialHeapGcAndDebuggerFlagsAreNotPassedOn() {
        List<String> parents = List.of("-Xms1g", "-XX:InitialHeapSize=1g", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=50",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005");

        assertThat(ChildCommand.of("/jdk/bin/java", "/a.jar", parents, List.of()).argv())
                .doesNotContain("-Xms1g", "-XX:InitialHeapSize=1g", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=50")
                .noneMatch(arg -> arg.contains("jdwp"));
    }

    @Test
    void nsunitsOwnInitialHeapNeverExceedsTheMaximumTheChildInherited() {
        ChildCommand lean = ChildCommand.of("/jdk/bin/java", "/a.jar", List.of("-Xmx25M"), List.of());

        assertThat(lean.withInitialHeapOfAtLeast(40).argv()).contains("-Xmx25M", "-XX:InitialHeapSize=25m")
                .doesNotContain("-XX:InitialHeapSize=40m");
    }

    @Test
    void jvmSizesAreReadInTheirUnitsAndWhatIsNoSizeBoundsNothing() {
        assertThat(List.of("25M", "2g", "1048576", "4096k", "1t")).map(ChildCommand::mebibytes)
                .containsExactly(25L, 2048L, 1L, 4L, 1L << 20);
        assertThat(List.of("", "m", "2.5g", "-1m")).map(ChildCommand::mebibytes).containsOnly(Long.MAX_VALUE);
    }

    @Test
    void theChildUsesTheSerialCollectorUnlessTheUserPicksOne() {
        assertThat(ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, List.of()).argv())
                .contains("-XX:+UseSerialGC");
        assertThat(ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, List.of("-XX:+UseZGC")).argv())
                .doesNotContain("-XX:+UseSerialGC").containsOnlyOnce("-XX:+UseZGC");
    }

    @Test
    void aCommandForHeavyTestsLeavesTheHeapAndCompileThresholdsToTheJvm() {
        List<String> lean = ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, List.of()).argv();
        List<String> heavy = ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, List.of()).forHeavyTests().argv();

        assertThat(lean).contains("-XX:InitialHeapSize=4m", "-XX:CompileThresholdScaling=3");
        List<String> withoutThem = new ArrayList<>(lean);
        withoutThem.removeAll(List.of("-XX:InitialHeapSize=4m", "-XX:CompileThresholdScaling=3"));
        assertThat(heavy).isEqualTo(withoutThem);
    }

    @Test
    void aClassPathEntryIsAddedAfterAllTheOthers() {
        ChildCommand command = ChildCommand.of("/jdk/bin/java", "/a.jar:/b", PARENT_ARGS, List.of());

        List<String> argv = command.withClassPathEntry(Path.of("/cache/c.jar")).argv();

        assertThat(argv.subList(argv.size() - 3, argv.size()))
                .containsExactly("-cp", "/a.jar:/b:/cache/c.jar", ChildMain.class.getName());
        assertThat(argv.subList(0, argv.size() - 2)).isEqualTo(command.argv().subList(0, argv.size() - 2));
    }

    @Test
    void aCommandForALongRunHasTieredCompilationAndTheJvmsOwnReflectionAndLeavesTheHeapAndThresholdsToTheJvm() {
        ChildCommand lean = ChildCommand.of("/jdk/bin/java", 25, "/a.jar", PARENT_ARGS, List.of());

        List<String> expected = new ArrayList<>(lean.forHeavyTests().argv());
        expected.removeAll(List.of("-XX:TieredStopAtLevel=1", NATIVE_REFLECTION));
        assertThat(lean.argv()).contains("-XX:TieredStopAtLevel=1", NATIVE_REFLECTION);
        assertThat(lean.forLongRuns().argv()).isEqualTo(expected);
    }

    @Test
    void fromJdk18AChildReflectsThroughNativeAccessorsWhereTheJdkWouldMakeMethodHandles() {
        assertThat(ChildCommand.of("/jdk/bin/java", 18, "/a.jar", PARENT_ARGS, List.of()).argv())
                .containsOnlyOnce(NATIVE_REFLECTION);
        assertThat(ChildCommand.of("/jdk/bin/java", 17, "/a.jar", PARENT_ARGS, List.of()).argv())
                .noneMatch(arg -> arg.startsWith("-Djdk.reflect."));
    }

    @Test
    void aChildForHeavyTestsStillReflectsThroughNativeAccessors() {
        assertThat(ChildCommand.of("/jdk/bin/java", 25, "/a.jar", PARENT_ARGS, List.of()).forHeavyTests().argv())
                .containsOnlyOnce(NATIVE_REFLECTION);
    }

    @Test
    void howTheTestJvmReflectsWinsOverNsunitsChoiceAndStaysInALongRun() {
        for (String users : List.of("-Djdk.reflect.useNativeAccessorOnly=false", NATIVE_REFLECTION)) {
            List<String> parents = List.of(users);
            ChildCommand lean = ChildCommand.of("/jdk/bin/java", 25, "/a.jar", parents, List.of());

            assertThat(lean.argv().lastIndexOf(users)).as(users)
                    .isGreaterThan(lean.argv().indexOf(NATIVE_REFLECTION));
            assertThat(lean.forLongRuns().argv()).as(users).containsOnlyOnce(users);
        }
    }

    static Stream<Arguments> variantsAndTheFlagsTheyLeaveOut() {
        return Stream.of(
                arguments("for heavy tests", (UnaryOperator<ChildCommand>) ChildCommand::forHeavyTests,
                        List.of("-XX:InitialHeapSize=4m", "-XX:CompileThresholdScaling=3")),
                arguments("for a long run", (UnaryOperator<ChildCommand>) ChildCommand::forLongRuns,
                        List.of("-XX:TieredStopAtLevel=1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variantsAndTheFlagsTheyLeaveOut")
    void aCommandForOtherTestsKeepsTheUsersOwnFlagsThatItsOwnLeaveOut(String variant,
            UnaryOperator<ChildCommand> variantOf, List<String> users) {
        List<String> argv = variantOf.apply(ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, users)).argv();

        assertThat(argv).containsOnlyOnce(users.toArray(String[]::new));
        for (String flag : users) {
            assertThat(argv.indexOf(flag)).isGreaterThan(argv.indexOf("-Dnsunit.internal.child=true"));
        }
    }

    @Test
    void aCommandStartsFromAnArchiveWhereItNamesOne() {
        assertThat(ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, List.of()).startsFromArchive()).isFalse();
        for (String archive : List.of("-XX:SharedArchiveFile=/c/a.jsa", "-XX:AOTCache=/c/a.aot")) {
            assertThat(new ChildCommand(List.of("/jdk/bin/java", archive, "-cp", "/a.jar", "Main")).startsFromArchive())
                    .as(archive).isTrue();
        }
    }

    @Test
    void nsunitsOwnInitialHeapGrowsToWhatIsAskedAndNeverShrinks() {
        ChildCommand lean = ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, List.of());

        assertThat(lean.withInitialHeapOfAtLeast(10).argv()).contains("-XX:InitialHeapSize=10m")
                .doesNotContain("-XX:InitialHeapSize=4m");
        assertThat(lean.withInitialHeapOfAtLeast(3).argv()).contains("-XX:InitialHeapSize=4m");
        assertThat(lean.withInitialHeapOfAtLeast(10).forHeavyTests().argv())
                .noneMatch(arg -> arg.startsWith("-XX:InitialHeapSize"));
    }

    @Test
    void aHeapTheUserSizedIsNotGrown() {
        List<String> users = List.of("-Xms2m");

        assertThat(ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, users).withInitialHeapOfAtLeast(10).argv())
                .contains("-Xms2m").noneMatch(arg -> arg.startsWith("-XX:InitialHeapSize"));
    }

    @Test
    void theChildStartsWithASmallHeapUnlessTheUserSizesIt() {
        assertThat(ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, List.of()).argv())
                .contains("-XX:InitialHeapSize=4m");
        for (String sizing : List.of("-Xmx4m", "-Xms64m", "-XX:MaxRAMPercentage=50", "-XX:MaxHeapSize=1g")) {
            assertThat(ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, List.of(sizing)).argv())
                    .as(sizing).noneMatch(arg -> arg.startsWith("-XX:InitialHeapSize")).contains(sizing);
        }
    }

    @Test
    void theCostFlagsItNamesAreThoseAChildStartsWith() {
        assertThat(ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, List.of()).argv())
                .containsAll(ChildCommand.costFlags());
    }

    @Test
    void aDebugAddressMakesTheChildWaitForADebuggerThereBeforeItRunsAnything() {
        ChildCommand command = ChildCommand.of("/jdk/bin/java", "/a.jar", PARENT_ARGS, List.of("-Dx=user"));
        List<String> argv = command.argv();

        List<String> debugged = command.waitingForDebuggerAt("5005").argv();

        assertThat(debugged).containsExactlyElementsOf(concat(argv.subList(0, argv.size() - 3),
                List.of("-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=5005"),
                argv.subList(argv.size() - 3, argv.size())));
    }

    private static List<String> concat(List<String> first, List<String> second, List<String> third) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(third);
        return all;
    }

    @Test
    void userJvmArgsComeAfterInheritedOnesSoTheyWin() {
        List<String> argv = ChildCommand.of("/jdk/bin/java", "/a.jar", List.of("-Dx=parent"), List.of("-Dx=user"))
                .argv();

        assertThat(argv.indexOf("-Dx=user")).isGreaterThan(argv.indexOf("-Dx=parent"));
    }

    @Test
    void onNewerJdksTheChildAllowsWhatJnrNeedsSoItsOutputStaysFreeOfWarnings() {
        assertThat(ChildCommand.of("/jdk/bin/java", 17, "/a.jar", List.of(), List.of()).argv())
                .noneMatch(arg -> arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc"));
        assertThat(ChildCommand.of("/jdk/bin/java", 25, "/a.jar", List.of(), List.of()).argv())
                .contains("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
    }
}
