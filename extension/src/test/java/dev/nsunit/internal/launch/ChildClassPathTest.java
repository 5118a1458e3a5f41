package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildClassPathTest {

    @Test
    void testsLoadedByALauncherOwnClassLoaderAreOnTheChildsClassPath(@TempDir Path testClasses) throws Exception {
        try (URLClassLoader launcherLoader = new URLClassLoader(new URL[] {testClasses.toUri().toURL()},
                getClass().getClassLoader())) {
            List<String> entries = List.of(ChildClassPath.of("/launcher.jar", launcherLoader).split(File.pathSeparator));

            assertThat(entries.get(0)).isEqualTo("/launcher.jar");
            assertThat(entries).contains(testClasses.toString());
        }
    }

    @Test
    void nsunitItselfIsOnTheChildsClassPathWhereverItWasLoadedFrom() {
        String classPath = ChildClassPath.of("/launcher.jar", ClassLoader.getPlatformClassLoader());

        assertThat(classPath.split(File.pathSeparator)).contains(Path.of("target/classes").toAbsolutePath().toString());
    }

    @Test
    void entriesAreNotRepeated() {
        String classPath = ChildClassPath.of(System.getProperty("java.class.path"), getClass().getClassLoader());

        assertThat(classPath.split(File.pathSeparator)).doesNotHaveDuplicates();
    }
}
