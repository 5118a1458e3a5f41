package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An archived class path puts the jars first; where that would load another class, nsunit can tell. */
class ClassPathLayoutTest {

    @TempDir
    Path temp;

    @Test
    void jarsComeFirstThenDirectoriesEachInTheirOrderAndMissingEntriesAreLeftOut() throws IOException {
        Path classes = Files.createDirectories(temp.resolve("classes"));
        Path a = jarWith(temp.resolve("a.jar"), "a/A.class");
        Path b = jarWith(temp.resolve("b.jar"), "b/B.class");
        Path testClasses = Files.createDirectories(temp.resolve("test-classes"));

        ClassPathLayout layout = ClassPathLayout.of(String.join(File.pathSeparator, testClasses.toString(),
                a.toString(), temp.resolve("missing.jar").toString(), classes.toString(), b.toString()));

        assertThat(layout.archivedOrder()).isEqualTo(String.join(File.pathSeparator, a.toString(), b.toString(),
                testClasses.toString(), classes.toString()));
        assertThat(layout.jarsOnly()).isEqualTo(a + File.pathSeparator + b);
        assertThat(layout.reorderingConflict()).isEmpty();
    }

    @Test
    void aDirectoryClassThatAJarAfterItAlsoHoldsWouldBeShadowedByReordering() throws IOException {
        Path classes = Files.createDirectories(temp.resolve("classes"));
        Files.createDirectories(classes.resolve("p"));
        Files.write(classes.resolve("p/Shadowed.class"), new byte[] {0});
        Path jar = jarWith(temp.resolve("lib.jar"), "p/Shadowed.class");

        assertThat(ClassPathLayout.of(classes + File.pathSeparator + jar).reorderingConflict()).hasValue(
                "p/Shadowed.class is in the directory " + classes + " and in the jar " + jar + " after it");
        assertThat(ClassPathLayout.of(jar + File.pathSeparator + classes).reorderingConflict())
                .as("the jar already comes first").isEmpty();
    }

    private static Path jarWith(Path jar, String entry) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            out.write(0);
            out.closeEntry();
        }
        return jar;
    }
}
