package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archived class path puts the jars first; a jar whose move would change what a child loads keeps its place
 * after the directories, and only it.
 */
class ClassPathLayoutTest {

    @TempDir
    Path temp;

    @Test
    void jarsComeFirstThenDirectoriesEachInTheirOrderAndMissingEntriesAreLeftOut() throws IOException {
        Path classes = directoryWith("classes");
        Path a = jarWith("a.jar", "a/A.class");
        Path b = jarWith("b.jar", "b/B.class");
        Path testClasses = directoryWith("test-classes");

        ClassPathLayout layout = layoutOf(testClasses, a, temp.resolve("missing.jar"), classes, b);

        assertThat(layout.archivedOrder()).isEqualTo(join(a, b, testClasses, classes));
        assertThat(layout.archivedOnly()).isEqualTo(join(a, b));
    }

    @Test
    void aJarHoldingAClassOfADirectoryBeforeItStaysAfterTheDirectoryAndOutOfTheArchive() throws IOException {
        Path classes = directoryWith("classes", "p/Shadowed.class");
        Path staleRelease = jarWith("stale-release.jar", "p/Shadowed.class", "p/OnlyInTheJar.class");
        Path junit = jarWith("junit.jar", "org/junit/Test.class");

        ClassPathLayout layout = layoutOf(classes, staleRelease, junit);

        assertThat(layout.archived()).containsExactly(junit);
        assertThat(layout.archivedOrder()).isEqualTo(join(junit, classes, staleRelease));
    }

    @Test
    void aJarBeforeTheDirectoryAlreadyWinsAndIsArchived() throws IOException {
        Path jar = jarWith("lib.jar", "p/Shadowed.class");
        Path classes = directoryWith("classes", "p/Shadowed.class");

        assertThat(layoutOf(jar, classes).archived()).containsExactly(jar);
    }

    @Test
    void aResourceOfADirectoryCountsAsAClassDoes() throws IOException {
        Path testClasses = directoryWith("test-classes", "logback-test.xml");
        Path jar = jarWith("fixtures.jar", "logback-test.xml");

        assertThat(layoutOf(testClasses, jar).archived()).isEmpty();
    }

    @Test
    void whatEveryJarHoldsOfItsOwnUnderMetaInfDoesNotKeepAJarOut() throws IOException {
        Path classes = directoryWith("classes", "META-INF/MANIFEST.MF", "META-INF/LICENSE.txt");
        Path jar = jarWith("lib.jar", "META-INF/MANIFEST.MF", "META-INF/LICENSE.txt", "lib/L.class");

        assertThat(layoutOf(classes, jar).archived()).containsExactly(jar);
    }

    @Test
    void aJarDeclaringAServiceThatADirectoryBeforeItDeclaresStaysAfterIt() throws IOException {
        Path testClasses = directoryWith("test-classes", "META-INF/services/x.Y");
        Path jar = jarWith("lib.jar", "META-INF/services/x.Y", "lib/L.class");

        ClassPathLayout layout = layoutOf(testClasses, jar);

        assertThat(layout.archived()).as("moved ahead, lib.jar's provider of x.Y would come first").isEmpty();
        assertThat(layout.archivedOrder()).isEqualTo(join(testClasses, jar));
    }

    @Test
    void aServiceThatAJarBeforeTheDirectoryDeclaresKeepsTheDirectorysProvidersAheadOfLaterOnes() throws IOException {
        Path first = jarWith("first.jar", "META-INF/services/x.Y");
        Path classes = directoryWith("classes", "META-INF/services/x.Y");
        Path later = jarWith("later.jar", "META-INF/services/x.Y");

        assertThat(layoutOf(first, classes, later).archived()).containsExactly(first);
    }

    @Test
    void aJarLeftOutKeepsTheJarsAfterItThatHoldItsClassesOutToo() throws IOException {
        Path classes = directoryWith("classes", "p/A.class");
        Path first = jarWith("first.jar", "p/A.class", "q/B.class");
        Path second = jarWith("second.jar", "q/B.class");
        Path other = jarWith("other.jar", "r/C.class");

        ClassPathLayout layout = layoutOf(classes, first, second, other);

        assertThat(layout.archived()).as("second.jar would win q/B.class from first.jar").containsExactly(other);
        assertThat(layout.archivedOrder()).isEqualTo(join(other, classes, first, second));
    }

    @Test
    void aClassThatAnArchivedJarBeforeTheLeftOutOneHoldsKeepsNoLaterJarOut() throws IOException {
        Path library = jarWith("library.jar", "q/B.class");
        Path classes = directoryWith("classes", "p/A.class");
        Path staleRelease = jarWith("stale-release.jar", "p/A.class", "q/B.class");
        Path other = jarWith("other.jar", "q/B.class");

        ClassPathLayout layout = layoutOf(library, classes, staleRelease, other);

        assertThat(layout.archived()).as("q/B.class is library.jar's, before and after")
                .containsExactly(library, other);
    }

    @Test
    void aDirectoryEntryOfAJarIsNotAFileOfTheSameName() throws IOException {
        Path classes = directoryWith("classes", "p/config");
        Path jar = jarWith("lib.jar", "p/config/", "p/config/settings.properties");

        assertThat(layoutOf(classes, jar).archived()).containsExactly(jar);
    }

    private ClassPathLayout layoutOf(Path... entries) {
        return ClassPathLayout.of(join(entries));
    }

    private static String join(Path... entries) {
        return String.join(File.pathSeparator, List.of(entries).stream().map(Path::toString).toList());
    }

    private Path directoryWith(String name, String... files) throws IOException {
        Path directory = Files.createDirectories(temp.resolve(name));
        for (String file : files) {
            Path path = directory.resolve(file);
            Files.createDirectories(path.getParent());
            Files.write(path, new byte[] {0});
        }
        return directory;
    }

    private Path jarWith(String name, String... entries) throws IOException {
        Path jar = temp.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                out.write(0);
                out.closeEntry();
            }
        }
        return jar;
    }
}
