package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.JUnitException;

import dev.nsunit.internal.engine.IsolationGuard;

/**
 * The children of a Jupiter older than 5.12 get the two types of 5.12 that nsunit's guard implements, from a jar
 * kept in the cache directory: written once, reused, replaced when damaged, and never where Jupiter has them.
 */
class JupiterApiStubsTest {

    /** A class loader that sees no JUnit at all, as one of a Jupiter before 5.12 sees none of its 5.12 types. */
    private static final ClassLoader WITHOUT_THE_TYPES = new ClassLoader(null) {
    };

    @TempDir
    Path cache;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void whereTheTestsJupiterHasTheTypesNothingIsAddedOrWritten() throws Exception {
        assertThat(JupiterApiStubs.classPathEntry(getClass().getClassLoader(), Optional.of(cache), warnings::add))
                .isEmpty();
        try (var written = Files.list(cache)) {
            assertThat(written).isEmpty();
        }
    }

    @Test
    void theJarIsWrittenIntoTheCacheOnceAndReused() throws Exception {
        Path jar = JupiterApiStubs.classPathEntry(WITHOUT_THE_TYPES, Optional.of(cache), warnings::add)
                .orElseThrow();
        assertThat(jar).hasParent(cache).hasBinaryContent(JupiterApiStubs.jar());
        FileTime old = FileTime.fromMillis(0);
        Files.setLastModifiedTime(jar, old);

        assertThat(JupiterApiStubs.classPathEntry(WITHOUT_THE_TYPES, Optional.of(cache), warnings::add)).hasValue(jar);
        assertThat(Files.getLastModifiedTime(jar)).as("not written again").isEqualTo(old);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aDamagedJarIsReplaced() throws Exception {
        Path jar = cache.resolve(JupiterApiStubs.JAR);
        Files.write(jar, new byte[] { 'P', 'K' });

        assertThat(JupiterApiStubs.classPathEntry(WITHOUT_THE_TYPES, Optional.of(cache), warnings::add)).hasValue(jar);
        assertThat(jar).hasBinaryContent(JupiterApiStubs.jar());
    }

    @Test
    void whereTheJarCannotBeKeptOneWarningSaysWhyAndWhatToDo() throws Exception {
        Path notADirectory = Files.writeString(cache.resolve("a-file"), "");

        for (int run = 0; run < 2; run++) {
            assertThat(JupiterApiStubs.classPathEntry(WITHOUT_THE_TYPES, Optional.of(notADirectory), warnings::add))
                    .isEmpty();
        }
        assertThat(warnings).singleElement().asString().startsWith("nsunit: this run's JUnit Jupiter is older than "
                + "5.12, and nsunit cannot keep the two types of Jupiter 5.12 its children need in " + notADirectory)
                .endsWith("; set nsunit.cache.dir to a directory you may write, or use JUnit 5.12 or later");
    }

    @Test
    void theJarHoldsWhatTheGuardNeedsToLoadWhereJupiterLacksTheTypes() throws Exception {
        Path jar = JupiterApiStubs.classPathEntry(WITHOUT_THE_TYPES, Optional.of(cache), warnings::add)
                .orElseThrow();
        // The jar first, so that its types, not those of this run's Jupiter, are the ones the guard meets.
        URL[] classPath = { jar.toUri().toURL(), locationOf(IsolationGuard.class), locationOf(Extension.class),
                locationOf(JUnitException.class) };
        try (URLClassLoader loader = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            Class<?> guard = Class.forName(IsolationGuard.class.getName(), true, loader);
            Class<?> callback = loader.loadClass("org.junit.jupiter.api.extension.PreInterruptCallback");

            assertThat(locationOf(callback)).isEqualTo(jar.toUri().toURL());
            assertThat(callback).isInterface().isAssignableFrom(guard);
            assertThat(Extension.class.getName()).isEqualTo(callback.getInterfaces()[0].getName());
        }
    }

    private static URL locationOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }
}
