package dev.nsunit.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.nsunit.internal.linux.BindMount;
import dev.nsunit.internal.linux.ClockOffsets;
import dev.nsunit.internal.linux.HostsEntry;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceJoin;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.Netem;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.ResourceLimits;
import dev.nsunit.internal.linux.UserMapping;
import dev.nsunit.internal.relay.MessageChannel.CorruptFrameException;

/** What goes into the relay comes out the same, and what no channel wrote is refused, saying what was wrong. */
class MessageCodecTest {

    private static final StackTraceElement FRAME = new StackTraceElement("app", "com.acme", "1.0",
            "com.acme.Thing", "frob", "Thing.java", 42);
    private static final ThrowableData CAUSE = new ThrowableData("java.io.IOException", "inner",
            new StackTraceElement[] {FRAME}, null, null, List.of(), null, null);
    private static final ThrowableData FAILURE = new ThrowableData("org.opentest4j.AssertionFailedError", "outer",
            new StackTraceElement[] {FRAME, new StackTraceElement("com.acme.Thing", "main", null, -2)},
            new byte[] {1, 2, 3}, CAUSE, List.of(CAUSE), "expected", "actual");
    private static final NamespaceSetup SETUP = new NamespaceSetup(EnumSet.of(NamespaceType.UTS,
            NamespaceType.MOUNT, NamespaceType.TIME, NamespaceType.NETWORK), "host", "domain", List.of(new HostsEntry(
                    "db.example", "127.0.0.1"), new HostsEntry("v6", "::1")), List.of("/tmp", "/var/tmp"),
            List.of(new BindMount("/src", "/etc/app")), List.of("/etc"), new UserMapping.InvokingUser(1000, 1001), true,
            new ClockOffsets(-60, 34_560_000), List.of(new NamespaceJoin(NamespaceType.IPC, "/run/ipc/blue", 4L,
                    4026532178L)), new Netem(200, 50, 2.5, 1000),
            new ResourceLimits(64L << 20, 100, 0.5));
    private static final NamespaceInodes INODES = new NamespaceInodes(Map.of(NamespaceType.UTS, 4026531838L,
            NamespaceType.PID, NamespaceInodes.PENDING));
    private static final NodeData NODE = new NodeData("[engine:junit-jupiter]/[class:A]/[test-factory:f()]/"
            + "[dynamic-test:#1]", "[engine:junit-jupiter]/[class:A]/[test-factory:f()]", "display", "legacy",
            "TEST", new SourceData(SourceData.Kind.CLASS, "A", "f", "int", 3, 7), List.of("fast", "slow"));

    /** One of every kind of message, every field set. */
    private static final List<Message> EVERY_KIND = List.of(
            new Message.WarmUp(),
            new Message.Prepare(SETUP, INODES, "fence-token"),
            new Message.Discover(new Message.Run(List.of("[engine:junit-jupiter]/[class:A]"),
                    Map.of("junit.jupiter.execution.timeout.default", "5 s"), Map.of("user.name", "bizarro"), false)),
            new Message.Run(List.of("[engine:junit-jupiter]/[class:A]", "[engine:junit-jupiter]/[class:B]"),
                    Map.of("junit.jupiter.execution.timeout.default", "5 s"), Map.of("user.name", "bizarro",
                            "empty", ""), true),
            new Message.Cancel(),
            new Message.Resume(),
            new Message.Shutdown(),
            new Message.Ready(),
            new Message.PrepareFailed(FAILURE),
            new Message.Registered(NODE),
            new Message.Started("[engine:junit-jupiter]/[class:A]", 1),
            new Message.Skipped("[engine:junit-jupiter]/[class:A]", "disabled", 2),
            new Message.Finished("[engine:junit-jupiter]/[class:A]", Message.Status.ABORTED, FAILURE, 3),
            new Message.Reported("[engine:junit-jupiter]/[class:A]", Map.of("key", "value")),
            new Message.FileReported("[engine:junit-jupiter]/[class:A]", "/tmp/report.txt", "text/plain"),
            new Message.RunFinished(FAILURE, Integer.MAX_VALUE, 1_234_567_890L));

    @Test
    void everyKindOfMessageHasASample() {
        Set<Class<?>> sampled = EVERY_KIND.stream().map(Object::getClass).collect(Collectors.toSet());

        assertThat(sampled).as("add a sample of each new message to EVERY_KIND, and its encoding to MessageCodec")
                .containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
    }

    @Test
    void everyKindOfMessageArrivesWithEveryField() throws IOException {
        for (Message message : EVERY_KIND) {
            assertThat(roundTrip(message)).as(message.getClass().getSimpleName()).usingRecursiveComparison()
                    .isEqualTo(message);
        }
    }

    @Test
    void everyKindOfUserMappingArrives() throws IOException {
        List<UserMapping> mappings = List.of(UserMapping.IDENTITY, new UserMapping.InvokingUser(0, 0));
        assertThat(mappings.stream().<Class<?>>map(Object::getClass))
                .containsExactlyInAnyOrder(UserMapping.class.getPermittedSubclasses());

        for (UserMapping users : mappings) {
            Message prepare = new Message.Prepare(new NamespaceSetup(Set.of(NamespaceType.USER), "", "", List.of(),
                    List.of(), List.of(), List.of(), users, false), INODES, "fence");

            assertThat(((Message.Prepare) roundTrip(prepare)).setup().users()).isEqualTo(users);
        }
    }

    @Test
    void nullsAndEmptiesArriveAsNullsAndEmpties() throws IOException {
        List<Message> sparse = List.of(
                new Message.Prepare(null, null, null),
                new Message.Prepare(new NamespaceSetup(Set.of(), "", "", List.of(), List.of(), List.of(), List.of(),
                        null, false), new NamespaceInodes(Map.of()), ""),
                new Message.Run(List.of(), Map.of()),
                new Message.PrepareFailed(null),
                new Message.Registered(null),
                new Message.Registered(new NodeData("id", null, "", null, "CONTAINER", null, List.of())),
                new Message.Registered(new NodeData("id", null, "", null, "TEST",
                        new SourceData(SourceData.Kind.METHOD, "A", "f", null, null, null), List.of())),
                new Message.Started(null, 0),
                new Message.Skipped("id", null, -1),
                new Message.Finished("id", null, null, 0),
                new Message.Finished("id", Message.Status.SUCCESSFUL, new ThrowableData("java.lang.Error", null,
                        null, null, null, List.of(), null, null), 0),
                new Message.Finished("id", Message.Status.FAILED, new ThrowableData("java.lang.Error", "",
                        new StackTraceElement[0], new byte[0], null, List.of(), "", ""), 0),
                new Message.Reported("id", Map.of()),
                new Message.FileReported("id", "/tmp/x", null),
                new Message.RunFinished(null, 0, Message.RunFinished.UNMEASURED));

        for (Message message : sparse) {
            assertThat(roundTrip(message)).as(message.toString()).usingRecursiveComparison().isEqualTo(message);
        }
    }

    @Test
    void aStringLongerThan64KiBArrivesWhole() throws IOException {
        String reason = "x".repeat(200_000);

        assertThat(((Message.Skipped) roundTrip(new Message.Skipped("id", reason, 0))).reason()).isEqualTo(reason);
    }

    @Test
    void textBeyondAsciiArrivesUnchanged() throws IOException {
        String name = "Größe ≠ 大きさ 🙂 \u0000 tab\tnewline\n";

        assertThat(((Message.Started) roundTrip(new Message.Started(name, 0))).uniqueId()).isEqualTo(name);
    }

    @Test
    void aRealStackTracePrintsAsItDidInTheChild() throws IOException {
        // frames of the JDK's modules and of the class path's loader, printed without loader name or version
        StackTraceElement[] frames = new Throwable().getStackTrace();
        Message finished = new Message.Finished("id", Message.Status.FAILED, new ThrowableData("java.lang.Error",
                "x", frames, null, null, List.of(), null, null), 0);

        StackTraceElement[] arrived = ((Message.Finished) roundTrip(finished)).throwable().stackTrace();

        assertThat(Arrays.stream(arrived).map(StackTraceElement::toString))
                .containsExactlyElementsOf(Arrays.stream(frames).map(StackTraceElement::toString).toList());
    }

    @Test
    void aThrowableArrivesAsItsVeryType() throws IOException {
        Message finished = new Message.Finished("id", Message.Status.FAILED,
                ThrowableData.of(new AssertionFailedError("names differ", "bizarro", "host")), 0);

        Throwable arrived = ((Message.Finished) roundTrip(finished)).throwable()
                .toThrowable(getClass().getClassLoader());

        assertThat(arrived).isInstanceOf(AssertionFailedError.class).hasMessage("names differ");
        assertThat(((AssertionFailedError) arrived).getExpected().getValue()).isEqualTo("bizarro");
    }

    @Test
    void aFrameIsWrittenInOneWrite() throws IOException {
        CountingOutputStream out = new CountingOutputStream();

        new MessageChannel(InputStream.nullInputStream(), out).send(EVERY_KIND.get(1));

        assertThat(out.writes).isEqualTo(1);
    }

    @Test
    void anEmptyFrameIsRefused() {
        assertThatThrownBy(() -> MessageCodec.decode(new byte[0])).isInstanceOf(CorruptFrameException.class)
                .hasMessage("a frame of 0 bytes is not a message: it is empty");
    }

    @Test
    void anUnknownTagIsRefused() {
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {(byte) 0xac, (byte) 0xed}))
                .isInstanceOf(CorruptFrameException.class)
                .hasMessage("a frame of 2 bytes is not a message: its first byte, 172, is the tag of no message");
    }

    @Test
    void aTruncatedMessageIsRefused() {
        byte[] whole = payload(new Message.Started("id", 1));
        byte[] truncated = Arrays.copyOf(whole, whole.length - 1);

        assertThatThrownBy(() -> MessageCodec.decode(truncated)).isInstanceOf(CorruptFrameException.class)
                .hasMessage("a frame of " + truncated.length + " bytes is not a message: it ends before its "
                        + "message does");
    }

    @Test
    void bytesAfterTheMessageAreRefused() {
        byte[] whole = payload(new Message.Started("id", 1));
        byte[] longer = Arrays.copyOf(whole, whole.length + 2);

        assertThatThrownBy(() -> MessageCodec.decode(longer)).isInstanceOf(CorruptFrameException.class)
                .hasMessage("a frame of " + longer.length + " bytes is not a message: 2 bytes follow its Started "
                        + "message");
    }

    @Test
    void aLengthBeyondTheFrameIsRefused() {
        // Started: tag 8, then the unique id's length
        byte[] payload = {8, 0, 0x10, 0, 0, 'i', 'd'};

        assertThatThrownBy(() -> MessageCodec.decode(payload)).isInstanceOf(CorruptFrameException.class)
                .hasMessage("a frame of 7 bytes is not a message: it gives a size of 1048576 where 2 bytes remain");
    }

    @Test
    void aNegativeLengthIsRefused() {
        byte[] payload = {8, -1, -1, -1, -2, 0, 0, 0, 0};

        assertThatThrownBy(() -> MessageCodec.decode(payload)).isInstanceOf(CorruptFrameException.class)
                .hasMessage("a frame of 9 bytes is not a message: it gives a size of -2 where 4 bytes remain");
    }

    @Test
    void anUnknownEnumConstantIsRefused() {
        byte[] payload = payload(new Message.Finished("i", Message.Status.FAILED, null, 0));
        payload[1 + 4 + 1] = 7; // after the tag and the unique id: the status

        assertThatThrownBy(() -> MessageCodec.decode(payload)).isInstanceOf(CorruptFrameException.class)
                .hasMessage("a frame of " + payload.length + " bytes is not a message: 7 is no Status");
    }

    @Test
    void fieldsNoRecordTakesAreRefused() {
        // Prepare: a present setup of one type, UTS, hardened: a hardened setup needs a mount namespace
        byte[] payload = payload(new Message.Prepare(new NamespaceSetup(Set.of(NamespaceType.UTS), "", "",
                List.of(), List.of(), List.of(), List.of(), null, false), null, null));
        // hardened: before the two clock offsets, no joins (a size), no netem (a presence byte), the limits (8 + 4 + 8
        // bytes), the absent inodes, the null
        payload[payload.length - 1 - 8 - 8 - 4 - 1 - 20 - 1 - 4] = 1;

        assertThatThrownBy(() -> MessageCodec.decode(payload)).isInstanceOf(CorruptFrameException.class)
                .hasMessage("a frame of " + payload.length + " bytes is not a message: its fields make no message: "
                        + "java.lang.IllegalArgumentException: A hardened child needs a mount namespace of its own");
    }

    @Test
    void aMapRepeatingAKeyIsRefused() {
        // Reported: tag 11, a null unique id, then a map of two entries, both "k"
        byte[] payload = {11, -1, -1, -1, -1, 0, 0, 0, 2, 0, 0, 0, 1, 'k', 0, 0, 0, 0, 0, 0, 0, 1, 'k', 0, 0, 0, 0};

        assertThatThrownBy(() -> MessageCodec.decode(payload)).isInstanceOf(CorruptFrameException.class)
                .hasMessage("a frame of 27 bytes is not a message: a map in it repeats the key k");
    }

    private static byte[] payload(Message message) {
        return MessageCodec.encode(message, 0);
    }

    private static Message roundTrip(Message message) throws IOException {
        ByteArrayOutputStream relay = new ByteArrayOutputStream();
        new MessageChannel(InputStream.nullInputStream(), relay).send(message);
        MessageChannel reader = new MessageChannel(new ByteArrayInputStream(relay.toByteArray()),
                OutputStream.nullOutputStream());
        Message received = reader.receive();
        assertThat(reader.receive()).as("after the one frame").isNull();
        return received;
    }

    private static final class CountingOutputStream extends OutputStream {

        int writes;

        @Override
        public void write(int b) {
            writes++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            writes++;
        }
    }
}
