package dev.nsunit.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class ChildStartConfigTest {

    @Test
    void archivesAreAutoOrOff() {
        assertThat(ChildStartConfig.parseArchive("auto")).isTrue();
        assertThat(ChildStartConfig.parseArchive(" off ")).isFalse();
        assertThatThrownBy(() -> ChildStartConfig.parseArchive("false"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Configuration parameter nsunit.child.archive = \"false\" is not understood; use "
                        + "\"auto\" (make and use class-data archives, the default) or \"off\"");
    }

    @Test
    void warmChildrenAreAWholeNumberFromZero() {
        assertThat(ChildStartConfig.parseWarm("0")).isZero();
        assertThat(ChildStartConfig.parseWarm(" 3 ")).isEqualTo(3);
        assertThat(ChildStartConfig.DEFAULT_WARM).isEqualTo(Runtime.getRuntime().availableProcessors());
        for (String wrong : new String[] {"-1", "two", "1.5", ""}) {
            assertThatThrownBy(() -> ChildStartConfig.parseWarm(wrong))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageStartingWith("Configuration parameter nsunit.child.warm = \"" + wrong
                            + "\" is not understood; use a whole number of children, 0 or more");
        }
    }

    @Test
    void aConfiguredCacheDirectoryIsTakenAsAnAbsolutePath() {
        assertThat(ChildStartConfig.parseCacheDir("/tmp/nsunit-cache")).isEqualTo(Path.of("/tmp/nsunit-cache"));
        assertThat(ChildStartConfig.parseCacheDir("build/cache")).isEqualTo(Path.of("build/cache").toAbsolutePath());
        assertThatThrownBy(() -> ChildStartConfig.parseCacheDir(" ")).isInstanceOf(
                ExtensionConfigurationException.class).hasMessage("Configuration parameter nsunit.cache.dir = \" \" "
                        + "is not a directory path; write the path of a directory, or remove the parameter to let "
                        + "nsunit choose one");
    }
}
