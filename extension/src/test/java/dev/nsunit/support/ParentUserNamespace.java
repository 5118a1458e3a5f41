package dev.nsunit.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lets a fixture prove, before it tries anything that would harm the host if it worked, that it runs in a user
 * namespace of its own: the parent publishes its user namespace as a system property, which nsunit passes on to the
 * child.
 */
public final class ParentUserNamespace {

    private static final String PROPERTY = "nsunit.spec.parentUserNamespace";

    private ParentUserNamespace() {
    }

    /** In the specification, before it runs its fixtures. */
    public static void publish() {
        System.setProperty(PROPERTY, own());
    }

    /** In the fixture: fails it unless its user namespace is not the parent's. */
    public static void assertLeftBehind() {
        assertThat(System.getProperty(PROPERTY)).as("the parent's user namespace, published").isNotNull();
        assertThat(own()).as("this child's user namespace").isNotEqualTo(System.getProperty(PROPERTY));
    }

    /** In the fixture: fails it unless it shares the parent's user namespace. */
    public static void assertShared() {
        assertThat(own()).as("this child's user namespace").isEqualTo(System.getProperty(PROPERTY));
    }

    private static String own() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/user")).toString();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
