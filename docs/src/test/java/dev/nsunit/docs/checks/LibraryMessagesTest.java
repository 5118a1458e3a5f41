package dev.nsunit.docs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the troubleshooting check takes for a message in a source, and what not. */
class LibraryMessagesTest {

    @Test
    void aMessageIsItsLiteralsInOrderWithAdjacentOnesJoined() {
        List<LibraryMessages.Message> messages = LibraryMessages.in("Frob.java", """
                class Frob {
                    void frob(String thing) {
                        throw new IllegalStateException("Cannot frob " + "the " + thing + ", not "
                                + describe(thing, "twice") + " today");
                    }
                }
                """);

        assertThat(messages).extracting(LibraryMessages.Message::fragments)
                .containsExactly(List.of("Cannot frob the ", ", not ", " today"));
        assertThat(messages.get(0).line()).isEqualTo(3);
    }

    @Test
    void flagsPathsNamesOfCallsAndCommentsAreNotMessages() {
        List<LibraryMessages.Message> messages = LibraryMessages.in("Frob.java", """
                class Frob {
                    // "Cannot frob" in a comment is no message
                    /* neither is "this one here" */
                    List<String> FLAGS = List.of("-XX:+UseG1GC", "/proc/self/ns", "nsunit-spawner-");
                    char QUOTE = '"';
                    void frob() throws ErrnoException {
                        check(libc.mount(source, target), "mount(" + type + " on " + target + ")");
                    }
                }
                """);

        assertThat(messages).isEmpty();
    }

    @Test
    void wordsWithoutTwoOfThemSideBySideStillCountWhenTheyAreNoCall() {
        List<LibraryMessages.Message> messages = LibraryMessages.in("Frob.java", """
                class Frob {
                    Exception failed(String reason) {
                        return new IllegalStateException(reason + " (nsunit.unsupported = fail)");
                    }
                }
                """);

        assertThat(messages).extracting(LibraryMessages.Message::template)
                .containsExactly(" (nsunit.unsupported = fail)");
    }
}
