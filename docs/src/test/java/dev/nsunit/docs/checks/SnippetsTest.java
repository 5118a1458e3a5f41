package dev.nsunit.docs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of the project's Markdown (README, user guide, architecture) is a tagged region of a source in
 * this module, which the build compiles and runs; a block that drifts from its source fails the build, saying how.
 */
class SnippetsTest {

    /** A source with a region tagged "hello" (markers spelled out below, or this file would have the region). */
    private static final String SOURCE = """
            package com.acme;

            class HelloTest {
                // TAG
                @Test
                void greets() {
                    assertEquals("hello", greeting());
                }
                // END
            }
            """.replace("TAG", "tag::hello[]").replace("END", "end::hello[]");

    @TempDir
    Path repository;

    @Test
    void everyJavaBlockOfTheDocumentationIsItsCompiledSource() throws Exception {
        Snippets snippets = new Snippets(Repository.root(), Repository.root().resolve("docs/src/test/java"));

        assertThat(snippets.problems(Repository.markdownFiles())).isEmpty();
    }

    @Test
    void aBlockIsTheTaggedRegionWithoutItsMarkersAndCommonIndentation() throws Exception {
        Path guide = write("guide.md", """
                <!-- snippet: com/acme/HelloTest.java#hello -->
                ```java
                @Test
                void greets() {
                    assertEquals("hello", greeting());
                }
                ```
                """);

        assertThat(snippets().problems(List.of(guide))).isEmpty();
    }

    @Test
    void aBlockThatDiffersFromItsSourceIsReportedWithADiffAndWhatToDo() throws Exception {
        Path guide = write("guide.md", """
                <!-- snippet: com/acme/HelloTest.java#hello -->
                ```java
                @Test
                void greets() {
                    assertEquals("hi", greeting());
                }
                ```
                """);

        assertThat(snippets().problems(List.of(guide))).singleElement().asString()
                .startsWith("guide.md:2: the block differs from com/acme/HelloTest.java#hello, which is compiled and "
                        + "run, so it is right. Copy the region into the block")
                .contains("  -     assertEquals(\"hi\", greeting());\n  +     assertEquals(\"hello\", greeting());");
    }

    @Test
    void aJavaBlockThatNamesNoSourceIsReported() throws Exception {
        Path guide = write("guide.md", """
                <!-- snippet: com/acme/HelloTest.java#hello -->
                ```java
                @Test
                void greets() {
                    assertEquals("hello", greeting());
                }
                ```

                ```java
                new Thing().frob();
                ```
                """);

        assertThat(snippets().problems(List.of(guide))).singleElement().asString()
                .startsWith("guide.md:9: a Java block that comes from no compiled source.");
    }

    @Test
    void aTaggedRegionThatNoBlockShowsIsReported() throws Exception {
        Path guide = write("guide.md", "No examples here.\n");

        assertThat(snippets().problems(List.of(guide))).singleElement().asString()
                .startsWith("com/acme/HelloTest.java#hello is shown in no Markdown file");
    }

    private Snippets snippets() throws IOException {
        write("src/com/acme/HelloTest.java", SOURCE);
        return new Snippets(repository, repository.resolve("src"));
    }

    private Path write(String path, String text) throws IOException {
        Path file = repository.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
