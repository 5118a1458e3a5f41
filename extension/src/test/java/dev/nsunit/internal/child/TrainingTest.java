package dev.nsunit.internal.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedUts;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.relay.Message;

class TrainingTest {

    @Test
    void theTrainingRunSendsEveryKindOfMessage() {
        // so that the class-data archive holds what encoding and decoding each kind loads
        assertThat(Training.everyKind(new NamespaceInodes(Map.of())).stream().<Class<?>>map(Object::getClass))
                .as("add a sample of each new message to Training.everyKind")
                .containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
    }

    @Test
    void theTrainingRunLoadsEveryAnnotationOfNsunits() throws Exception {
        // a child's Jupiter reads them on the user's test; from the archive, not from nsunit's jar
        assertThat(Training.USERS_ANNOTATIONS).as("add each new annotation to Training.USERS_ANNOTATIONS")
                .containsExactlyInAnyOrderElementsOf(annotationsOfThePublicPackage());
    }

    private static List<Class<? extends Annotation>> annotationsOfThePublicPackage()
            throws IOException, URISyntaxException {
        Path classes = Path.of(IsolatedUts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.list(classes.resolve("dev/nsunit"))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> "dev.nsunit." + name.substring(0, name.length() - ".class".length()))
                    .<Class<?>>map(TrainingTest::load)
                    .filter(Class::isAnnotation)
                    .<Class<? extends Annotation>>map(type -> type.asSubclass(Annotation.class))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        }
        catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
