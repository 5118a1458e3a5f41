package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nsunit.internal.child.ChildMain;
import dev.nsunit.support.FixtureRunner;
import dev.nsunit.support.Java;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.ReadableClassPath;

/**
 * A project whose main code is a module runs its tests inside that module: Surefire (by default) puts the main
 * classes on the module path and patches the test classes into their module. An isolated test runs there too, in
 * its child, and sees the module's code as it does in place.
 */
@NeedsNamespaces
class ModularProjectTest {

    private static final String MODULE_INFO = "module app { exports app; }";
    private static final String GREETER = "package app; public final class Greeter {"
            + " public static String greet() { return \"hello\"; } }";
    private static final String TEST = "package app;\n"
            + "import static org.junit.jupiter.api.Assertions.assertEquals;\n"
            + "class GreeterTest {\n"
            + "    @org.junit.jupiter.api.Test\n"
            + "    @dev.nsunit.IsolatedUts(hostname = \"modular\")\n"
            + "    void isolated() throws Exception {\n"
            + "        assertEquals(\"app\", GreeterTest.class.getModule().getName());\n"
            + "        assertEquals(\"hello\", Greeter.greet());\n"
            + "        assertEquals(\"modular\", java.net.InetAddress.getLocalHost().getHostName());\n"
            + "    }\n"
            + "}\n";

    private static final String TEST_MODULE_TEST = "package apptest;\n"
            + "import static org.junit.jupiter.api.Assertions.assertEquals;\n"
            + "class HostTest {\n"
            + "    @org.junit.jupiter.api.Test\n"
            + "    @dev.nsunit.IsolatedUts(hostname = \"modular\")\n"
            + "    void isolated() throws Exception {\n"
            + "        assertEquals(\"apptest\", HostTest.class.getModule().getName());\n"
            + "        assertEquals(\"modular\", java.net.InetAddress.getLocalHost().getHostName());\n"
            + "    }\n"
            + "}\n";

    @TempDir
    Path temp;

    @Test
    void anIsolatedTestPatchedIntoTheProjectsModuleRunsInsideThatModuleInItsChild() throws Exception {
        Path classes = compile("classes", List.of(), source("main/module-info.java", MODULE_INFO),
                source("main/app/Greeter.java", GREETER));
        Path testClasses = compile("test-classes", List.of("--module-path", classes.toString(), "--patch-module",
                "app=" + temp.resolve("test"), "--add-reads", "app=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path")), source("test/app/GreeterTest.java", TEST));

        // Surefire's own options for such a project (its argument file), but its booter: the fixture runner.
        Java.Captured run = Java.capture(Java.command(List.of(), List.of("--module-path", classes.toString(),
                "--patch-module", "app=" + testClasses, "--add-opens", "app/app=ALL-UNNAMED", "--add-reads",
                "app=ALL-UNNAMED", "--add-modules", "ALL-MODULE-PATH"),
                testClasses + File.pathSeparator + System.getProperty("java.class.path"), FixtureRunner.class,
                "app.GreeterTest", "nsunit.cache.dir=" + temp.resolve("cache")));

        assertThat(run.output()).contains("RESULT SUCCESSFUL isolated() | \n").contains("HOST-UNCHANGED true");
        assertThat(run.errors()).containsOnlyOnce("nsunit: child JVMs start without a class-data archive: they "
                + "inherit the test JVM's --patch-module");
    }

    /**
     * Test classes that form a module of their own, which requires nsunit's, put nsunit and JUnit on the module path
     * (as Gradle does for a test source set with a module descriptor): the nsunit engine runs Jupiter's, whose module
     * exports nothing, and the child runs the test inside the test module.
     */
    @Test
    void anIsolatedTestInATestModuleOfItsOwnRunsInsideThatModuleInItsChild() throws Exception {
        Path nsunitClasses = Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> modulePath = new ArrayList<>(List.of(
                ReadableClassPath.jarOf(nsunitClasses, temp.resolve("dev.nsunit.jar")).toString()));
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            // JUnit's testkit stays on the class path: as a module it requires AssertJ as one.
            if ((name.startsWith("junit-") && !name.startsWith("junit-platform-testkit"))
                    || name.startsWith("opentest4j") || name.startsWith("apiguardian")) {
                modulePath.add(entry);
            }
            else if (!Path.of(entry).equals(nsunitClasses)) {
                classPath.add(entry);
            }
        }
        Path testClasses = compile("test-classes", List.of("--module-path", String.join(File.pathSeparator,
                modulePath)), source("test/module-info.java", "module apptest { requires org.junit.jupiter.api; "
                        + "requires dev.nsunit; opens apptest to org.junit.platform.commons; }"),
                source("test/apptest/HostTest.java", TEST_MODULE_TEST));
        modulePath.add(0, testClasses.toString());

        Java.Captured run = Java.capture(Java.command(List.of(), List.of("--module-path", String.join(
                File.pathSeparator, modulePath), "--add-modules", "ALL-MODULE-PATH"),
                String.join(File.pathSeparator, classPath), FixtureRunner.class, "apptest.HostTest",
                "nsunit.cache.dir=" + temp.resolve("cache")));

        assertThat(run.output()).as(run.errors()).contains("RESULT SUCCESSFUL isolated() | \n")
                .contains("HOST-UNCHANGED true");
    }

    private Path source(String name, String text) throws Exception {
        Path file = temp.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private Path compile(String output, List<String> options, Path... sources) throws Exception {
        Path directory = temp.resolve(output);
        List<String> arguments = new ArrayList<>(List.of("-d", directory.toString()));
        arguments.addAll(options);
        for (Path source : sources) {
            arguments.add(source.toString());
        }
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new)))
                .as("javac " + arguments).isZero();
        return directory;
    }
}
