package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedUts;

/**
 * The isolation annotations work as meta-annotations, so a set of them can get a name of your own. Here
 * {@code @InBizarroWorld} stands for a hostname of {@code bizarro} plus a scratch tmpfs on {@code /srv}; each test
 * that carries it gets both. It is kept apart from {@code @Test} for clarity, but {@code @Test} could be added to
 * the composed annotation too.
 */
class ComposedAnnotationSampleTest {

    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @IsolatedUts(hostname = "bizarro")
    @IsolatedMount(tmpfs = "/srv")
    @interface InBizarroWorld {
    }

    @Test
    @InBizarroWorld
    void getsTheHostname() throws IOException {
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).isEqualTo("bizarro");
    }

    @Test
    @InBizarroWorld
    void getsTheScratchSpace() throws IOException {
        assertThat(Path.of("/srv")).isEmptyDirectory();
        Files.writeString(Path.of("/srv/hello.txt"), "only in this test's tmpfs");
    }
}
