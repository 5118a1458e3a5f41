package dev.nsunit.docs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every public type of nsunit's API (the package {@code dev.nsunit}) shows an example in its Javadoc. */
class ApiJavadocTest {

    private static final Path API = Repository.root().resolve("extension/src/main/java/dev/nsunit");
    /** A type's Javadoc: the last doc comment before its declaration. */
    private static final Pattern DOCUMENTED_TYPE = Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*public\\s+(?:final\\s+)?"
                    + "(?:@interface|enum|class|record|interface)\\s+(\\w+)", Pattern.DOTALL);

    @Test
    void everyPublicApiTypeHasAnExampleInItsJavadoc() throws IOException {
        List<String> withoutExample = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(API)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                Matcher type = DOCUMENTED_TYPE.matcher(Files.readString(file));
                if (!type.find()) {
                    withoutExample.add(file.getFileName() + " (no Javadoc on its public type)");
                    continue;
                }
                types.add(type.group(2));
                if (!type.group(1).contains("<pre>{@code")) {
                    withoutExample.add(type.group(2));
                }
            }
        }

        assertThat(types).as("public types of dev.nsunit").contains("IsolatedUts", "Namespace", "Namespaces");
        assertThat(withoutExample).as("public API types whose Javadoc has no <pre>{@code ...} example").isEmpty();
    }
}
