package dev.nsunit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.support.Fixtures;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.HostUnchanged;

/** Annotations compose, inherit and merge: the union of namespaces, the innermost name. */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class AnnotationMergeTest {

    @Test
    void composedAnnotationsCarryTheirNamespacesAndAttributes() {
        Fixtures.run(UsesComposed.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void methodNamesWinOverClassNamesAndUnsetOnesAreInherited() {
        Fixtures.run(MethodOverridesClass.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void classAndMethodNamespacesAreUnited() {
        Fixtures.run(ClassUtsMethodMount.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void nestedClassAnnotationsOverrideTheEnclosingClass() {
        Fixtures.run(Outer.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void subclassesInheritClassAnnotations() {
        Fixtures.run(Subclass.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @IsolatedUts(hostname = "bizarro")
    @IsolatedMount(tmpfs = "/srv")
    @interface Bizarro {
    }

    static class UsesComposed {
        @Test
        @Bizarro
        void test() throws Exception {
            assertEquals("bizarro", hostname());
            assertTrue(isTmpfs("/srv"));
        }
    }

    @IsolatedUts(hostname = "from-class", domainname = "class.test")
    static class MethodOverridesClass {
        @Test
        @IsolatedUts(hostname = "from-method")
        void test() throws Exception {
            assertEquals("from-method", hostname());
            assertEquals("class.test", Files.readString(Path.of("/proc/sys/kernel/domainname")).strip());
        }
    }

    @IsolatedUts(hostname = "united")
    static class ClassUtsMethodMount {
        @Test
        @IsolatedMount(tmpfs = "/srv")
        void test() throws Exception {
            assertEquals("united", hostname());
            assertTrue(isTmpfs("/srv"));
        }
    }

    @IsolatedUts(hostname = "outer")
    static class Outer {
        @Nested
        @IsolatedUts(hostname = "inner")
        class Inner {
            @Test
            void test() throws Exception {
                assertEquals("inner", hostname());
            }
        }
    }

    @IsolatedUts(hostname = "base")
    abstract static class Base {
    }

    static class Subclass extends Base {
        @Test
        void test() throws Exception {
            assertEquals("base", hostname());
        }
    }

    static String hostname() throws Exception {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    static boolean isTmpfs(String path) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .anyMatch(line -> line.split(" ")[4].equals(path) && line.contains(" - tmpfs "));
    }
}
