package dev.nsunit.internal.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

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
}
