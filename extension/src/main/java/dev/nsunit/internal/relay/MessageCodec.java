package dev.nsunit.internal.relay;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.nsunit.internal.linux.BindMount;
import dev.nsunit.internal.linux.ClockOffsets;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.HostsEntry;
import dev.nsunit.internal.linux.NamespaceJoin;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.Netem;
import dev.nsunit.internal.linux.ResourceLimits;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.UserMapping;
import dev.nsunit.internal.relay.MessageChannel.CorruptFrameException;

/**
 * The bytes of a {@link Message} in a frame: a tag byte naming the message's type, then its fields in declaration
 * order. Both ends run the same nsunit jar, so the format has no version and describes nothing about itself. It
 * replaces Java serialization, whose machinery cost every child JVM some 50 to 100 ms of CPU (class descriptors
 * and dozens of classes generated at run time, which no class-data archive holds); only a throwable, whose very
 * type the parent wants back, still travels Java-serialized, as the opaque {@link ThrowableData#serialized()}.
 *
 * <p>Every reference may be null and says so: a string or byte array as its length, -1 for null, then its UTF-8
 * bytes (not {@code writeUTF}, which stops at 64 KiB); an object or number behind a presence byte; an enum as its
 * ordinal, -1 for null. A list, set or map is its size, then its elements.
 */
final class MessageCodec {

    private static final byte WARM_UP = 1;
    private static final byte PREPARE = 2;
    private static final byte RUN = 3;
    private static final byte SHUTDOWN = 4;
    private static final byte READY = 5;
    private static final byte PREPARE_FAILED = 6;
    private static final byte REGISTERED = 7;
    private static final byte STARTED = 8;
    private static final byte SKIPPED = 9;
    private static final byte FINISHED = 10;
    private static final byte REPORTED = 11;
    private static final byte FILE_REPORTED = 12;
    private static final byte RUN_FINISHED = 13;
    private static final byte CANCEL = 14;
    private static final byte RESUME = 15;
    private static final byte DISCOVER = 16;

    private static final byte IDENTITY = 1;
    private static final byte INVOKING_USER = 2;

    /** As deep as the filter of Java serialization let a throwable's causes go before. */
    private static final int MAX_THROWABLE_DEPTH = 200;

    private MessageCodec() {
    }

    /**
     * The message's bytes, after {@code header} bytes left for the caller to fill (the frame's marker and length),
     * so that a frame is one array and one write.
     */
    static byte[] encode(Message message, int header) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            new Encoder(new DataOutputStream(bytes)).message(message, header);
        }
        catch (IOException impossible) {
            // a ByteArrayOutputStream never fails
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /**
     * The message a frame's payload holds.
     *
     * @throws CorruptFrameException if the bytes are not exactly one message
     */
    static Message decode(byte[] payload) throws CorruptFrameException {
        Decoder decoder = new Decoder(payload);
        try {
            if (payload.length == 0) {
                throw decoder.corrupt("it is empty");
            }
            Message message = decoder.message(decoder.in.readByte());
            if (decoder.remaining() > 0) {
                throw decoder.corrupt(decoder.remaining() + " bytes follow its " + message.getClass().getSimpleName()
                        + " message");
            }
            return message;
        }
        catch (CorruptFrameException corrupt) {
            throw corrupt;
        }
        catch (EOFException truncated) {
            throw decoder.corrupt("it ends before its message does");
        }
        catch (IOException impossible) {
            // a ByteArrayInputStream fails only at its end
            throw new UncheckedIOException(impossible);
        }
        catch (RuntimeException invalid) {
            // a record refused its fields: a hardened setup without a mount namespace, a null in a map, ...
            throw decoder.corrupt("its fields make no message: " + invalid);
        }
    }

    private static final class Encoder {

        private final DataOutputStream out;

        Encoder(DataOutputStream out) {
            this.out = out;
        }

        // Exhaustive over the sealed interface: MessageCodecTest round-trips one of every permitted subclass, so a
        // message added without a branch here fails it.
        void message(Message message, int header) throws IOException {
            out.write(new byte[header]);
            if (message instanceof Message.WarmUp) {
                out.writeByte(WARM_UP);
            }
            else if (message instanceof Message.Prepare prepare) {
                out.writeByte(PREPARE);
                setup(prepare.setup());
                inodes(prepare.parentNamespaces());
                string(prepare.outputFence());
            }
            else if (message instanceof Message.Discover discover) {
                out.writeByte(DISCOVER);
                run(discover.run());
            }
            else if (message instanceof Message.Run run) {
                out.writeByte(RUN);
                run(run);
            }
            else if (message instanceof Message.Cancel) {
                out.writeByte(CANCEL);
            }
            else if (message instanceof Message.Resume) {
                out.writeByte(RESUME);
            }
            else if (message instanceof Message.Shutdown) {
                out.writeByte(SHUTDOWN);
            }
            else if (message instanceof Message.Ready) {
                out.writeByte(READY);
            }
            else if (message instanceof Message.PrepareFailed failed) {
                out.writeByte(PREPARE_FAILED);
                throwable(failed.failure());
            }
            else if (message instanceof Message.Registered registered) {
                out.writeByte(REGISTERED);
                node(registered.node());
            }
            else if (message instanceof Message.Started started) {
                out.writeByte(STARTED);
                string(started.uniqueId());
                out.writeInt(started.outputMark());
            }
            else if (message instanceof Message.Skipped skipped) {
                out.writeByte(SKIPPED);
                string(skipped.uniqueId());
                string(skipped.reason());
                out.writeInt(skipped.outputMark());
            }
            else if (message instanceof Message.Finished finished) {
                out.writeByte(FINISHED);
                string(finished.uniqueId());
                enumeration(finished.status());
                throwable(finished.throwable());
                out.writeInt(finished.outputMark());
            }
            else if (message instanceof Message.Reported reported) {
                out.writeByte(REPORTED);
                string(reported.uniqueId());
                map(reported.entries());
            }
            else if (message instanceof Message.FileReported file) {
                out.writeByte(FILE_REPORTED);
                string(file.uniqueId());
                string(file.path());
                string(file.mediaType());
            }
            else if (message instanceof Message.RunFinished finished) {
                out.writeByte(RUN_FINISHED);
                throwable(finished.launcherFailure());
                out.writeInt(finished.outputMark());
                out.writeLong(finished.runCpuNanos());
            }
            else {
                throw new IllegalArgumentException("MessageCodec has no encoding for " + message.getClass().getName()
                        + "; give it a tag and its fields in MessageCodec");
            }
        }

        private void run(Message.Run run) throws IOException {
            strings(run.uniqueIds());
            map(run.configurationParameters());
            map(run.systemProperties());
            out.writeBoolean(run.cancellable());
        }

        private void setup(NamespaceSetup setup) throws IOException {
            if (present(setup)) {
                out.writeInt(setup.types().size());
                for (NamespaceType type : setup.types()) {
                    enumeration(type);
                }
                string(setup.hostname());
                string(setup.domainname());
                out.writeInt(setup.hosts().size());
                for (HostsEntry entry : setup.hosts()) {
                    string(entry.name());
                    string(entry.address());
                }
                strings(setup.tmpfs());
                out.writeInt(setup.binds().size());
                for (BindMount bind : setup.binds()) {
                    string(bind.source());
                    string(bind.target());
                }
                strings(setup.readOnly());
                users(setup.users());
                out.writeBoolean(setup.hardened());
                out.writeLong(setup.clocks().monotonicSeconds());
                out.writeLong(setup.clocks().boottimeSeconds());
                out.writeInt(setup.joins().size());
                for (NamespaceJoin join : setup.joins()) {
                    enumeration(join.type());
                    string(join.path());
                    out.writeLong(join.device());
                    out.writeLong(join.inode());
                }
                if (present(setup.netem())) {
                    out.writeInt(setup.netem().delayMillis());
                    out.writeInt(setup.netem().jitterMillis());
                    out.writeDouble(setup.netem().lossPercent());
                    out.writeLong(setup.netem().rateKbit());
                }
                out.writeLong(setup.limits().memoryBytes());
                out.writeInt(setup.limits().pids());
                out.writeDouble(setup.limits().cpus());
            }
        }

        private void users(UserMapping users) throws IOException {
            if (present(users)) {
                if (users instanceof UserMapping.Identity) {
                    out.writeByte(IDENTITY);
                }
                else if (users instanceof UserMapping.InvokingUser invoking) {
                    out.writeByte(INVOKING_USER);
                    out.writeInt(invoking.uid());
                    out.writeInt(invoking.gid());
                }
                else {
                    throw new IllegalArgumentException("MessageCodec has no encoding for "
                            + users.getClass().getName() + "; give it a tag and its fields in MessageCodec");
                }
            }
        }

        private void inodes(NamespaceInodes inodes) throws IOException {
            if (present(inodes)) {
                out.writeInt(inodes.inodes().size());
                for (Map.Entry<NamespaceType, Long> each : inodes.inodes().entrySet()) {
                    enumeration(each.getKey());
                    out.writeLong(each.getValue());
                }
            }
        }

        private void node(NodeData node) throws IOException {
            if (present(node)) {
                string(node.uniqueId());
                string(node.parentUniqueId());
                string(node.displayName());
                string(node.legacyReportingName());
                string(node.type());
                source(node.source());
                strings(node.tags());
            }
        }

        private void source(SourceData source) throws IOException {
            if (present(source)) {
                enumeration(source.kind());
                string(source.name());
                string(source.methodName());
                string(source.methodParameterTypes());
                integer(source.line());
                integer(source.column());
            }
        }

        private void throwable(ThrowableData throwable) throws IOException {
            if (present(throwable)) {
                string(throwable.className());
                string(throwable.message());
                stackTrace(throwable.stackTrace());
                bytes(throwable.serialized());
                throwable(throwable.cause());
                out.writeInt(throwable.suppressed().size());
                for (ThrowableData each : throwable.suppressed()) {
                    throwable(each);
                }
                string(throwable.expected());
                string(throwable.actual());
            }
        }

        private void stackTrace(StackTraceElement[] frames) throws IOException {
            if (frames == null) {
                out.writeInt(-1);
                return;
            }
            out.writeInt(frames.length);
            for (StackTraceElement frame : frames) {
                // A frame of a built-in class loader or a JDK module prints without the loader's name or the
                // module's version; a frame made from its fields prints all of them, so only what shows travels.
                String shown = frame.toString();
                String loader = frame.getClassLoaderName();
                String prefix = loader != null && shown.startsWith(loader + "/") ? loader + "/" : "";
                String module = frame.getModuleName();
                String version = frame.getModuleVersion();
                string(prefix.isEmpty() ? null : loader);
                string(module);
                string(version != null && shown.startsWith(prefix + module + "@" + version + "/") ? version : null);
                string(frame.getClassName());
                string(frame.getMethodName());
                string(frame.getFileName());
                out.writeInt(frame.getLineNumber());
            }
        }

        private void strings(List<String> strings) throws IOException {
            out.writeInt(strings.size());
            for (String each : strings) {
                string(each);
            }
        }

        private void map(Map<String, String> map) throws IOException {
            out.writeInt(map.size());
            for (Map.Entry<String, String> each : map.entrySet()) {
                string(each.getKey());
                string(each.getValue());
            }
        }

        private void string(String string) throws IOException {
            bytes(string == null ? null : string.getBytes(StandardCharsets.UTF_8));
        }

        private void bytes(byte[] bytes) throws IOException {
            if (bytes == null) {
                out.writeInt(-1);
            }
            else {
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }

        private void integer(Integer value) throws IOException {
            if (present(value)) {
                out.writeInt(value);
            }
        }

        private void enumeration(Enum<?> value) throws IOException {
            out.writeByte(value == null ? -1 : value.ordinal());
        }

        private boolean present(Object value) throws IOException {
            out.writeBoolean(value != null);
            return value != null;
        }
    }

    private static final class Decoder {

        private final int length;
        private final ByteArrayInputStream bytes;
        private final DataInputStream in;

        Decoder(byte[] payload) {
            this.length = payload.length;
            this.bytes = new ByteArrayInputStream(payload);
            this.in = new DataInputStream(bytes);
        }

        int remaining() {
            return bytes.available();
        }

        CorruptFrameException corrupt(String what) {
            return new CorruptFrameException("a frame of " + length + " bytes is not a message: " + what);
        }

        Message message(byte tag) throws IOException {
            switch (tag) {
                case WARM_UP:
                    return new Message.WarmUp();
                case PREPARE:
                    return new Message.Prepare(setup(), inodes(), string());
                case DISCOVER:
                    return new Message.Discover(run());
                case RUN:
                    return run();
                case CANCEL:
                    return new Message.Cancel();
                case RESUME:
                    return new Message.Resume();
                case SHUTDOWN:
                    return new Message.Shutdown();
                case READY:
                    return new Message.Ready();
                case PREPARE_FAILED:
                    return new Message.PrepareFailed(throwable(0));
                case REGISTERED:
                    return new Message.Registered(node());
                case STARTED:
                    return new Message.Started(string(), in.readInt());
                case SKIPPED:
                    return new Message.Skipped(string(), string(), in.readInt());
                case FINISHED:
                    return new Message.Finished(string(), enumeration(Message.Status.values()), throwable(0),
                            in.readInt());
                case REPORTED:
                    return new Message.Reported(string(), map());
                case FILE_REPORTED:
                    return new Message.FileReported(string(), string(), string());
                case RUN_FINISHED:
                    return new Message.RunFinished(throwable(0), in.readInt(), in.readLong());
                default:
                    throw corrupt("its first byte, " + (tag & 0xff) + ", is the tag of no message");
            }
        }

        private Message.Run run() throws IOException {
            return new Message.Run(strings(), map(), map(), in.readBoolean());
        }

        private NamespaceSetup setup() throws IOException {
            if (!present()) {
                return null;
            }
            int size = size();
            Set<NamespaceType> types = EnumSet.noneOf(NamespaceType.class);
            for (int i = 0; i < size; i++) {
                types.add(enumeration(NamespaceType.values()));
            }
            String hostname = string();
            String domainname = string();
            int entries = size();
            List<HostsEntry> hosts = new ArrayList<>(entries);
            for (int i = 0; i < entries; i++) {
                hosts.add(new HostsEntry(string(), string()));
            }
            List<String> tmpfs = strings();
            int binds = size();
            List<BindMount> bindMounts = new ArrayList<>(binds);
            for (int i = 0; i < binds; i++) {
                bindMounts.add(new BindMount(string(), string()));
            }
            List<String> readOnly = strings();
            UserMapping users = users();
            boolean hardened = in.readBoolean();
            ClockOffsets clocks = new ClockOffsets(in.readLong(), in.readLong());
            int joinCount = size();
            List<NamespaceJoin> joins = new ArrayList<>(joinCount);
            for (int i = 0; i < joinCount; i++) {
                joins.add(new NamespaceJoin(enumeration(NamespaceType.values()), string(), in.readLong(),
                        in.readLong()));
            }
            Netem netem = present() ? new Netem(in.readInt(), in.readInt(), in.readDouble(), in.readLong()) : null;
            ResourceLimits limits = new ResourceLimits(in.readLong(), in.readInt(), in.readDouble());
            return new NamespaceSetup(types, hostname, domainname, hosts, tmpfs, bindMounts, readOnly, users, hardened,
                    clocks, joins, netem, limits);
        }

        private UserMapping users() throws IOException {
            if (!present()) {
                return null;
            }
            byte tag = in.readByte();
            switch (tag) {
                case IDENTITY:
                    return UserMapping.IDENTITY;
                case INVOKING_USER:
                    return new UserMapping.InvokingUser(in.readInt(), in.readInt());
                default:
                    throw corrupt((tag & 0xff) + " is the tag of no user mapping");
            }
        }

        private NamespaceInodes inodes() throws IOException {
            if (!present()) {
                return null;
            }
            int size = size();
            Map<NamespaceType, Long> inodes = new EnumMap<>(NamespaceType.class);
            for (int i = 0; i < size; i++) {
                inodes.put(enumeration(NamespaceType.values()), in.readLong());
            }
            return new NamespaceInodes(inodes);
        }

        private NodeData node() throws IOException {
            if (!present()) {
                return null;
            }
            return new NodeData(string(), string(), string(), string(), string(), source(), strings());
        }

        private SourceData source() throws IOException {
            if (!present()) {
                return null;
            }
            return new SourceData(enumeration(SourceData.Kind.values()), string(), string(), string(), integer(),
                    integer());
        }

        private ThrowableData throwable(int depth) throws IOException {
            if (!present()) {
                return null;
            }
            if (depth == MAX_THROWABLE_DEPTH) {
                throw corrupt("it nests throwables more than " + MAX_THROWABLE_DEPTH + " deep");
            }
            String className = string();
            String message = string();
            StackTraceElement[] stackTrace = stackTrace();
            byte[] serialized = bytes();
            ThrowableData cause = throwable(depth + 1);
            int size = size();
            List<ThrowableData> suppressed = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                suppressed.add(throwable(depth + 1));
            }
            return new ThrowableData(className, message, stackTrace, serialized, cause, suppressed, string(),
                    string());
        }

        private StackTraceElement[] stackTrace() throws IOException {
            int size = in.readInt();
            if (size == -1) {
                return null;
            }
            StackTraceElement[] frames = new StackTraceElement[checked(size)];
            for (int i = 0; i < size; i++) {
                frames[i] = new StackTraceElement(string(), string(), string(), string(), string(), string(),
                        in.readInt());
            }
            return frames;
        }

        private List<String> strings() throws IOException {
            int size = size();
            List<String> strings = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                strings.add(string());
            }
            return strings;
        }

        private Map<String, String> map() throws IOException {
            int size = size();
            Map<String, String> map = new HashMap<>();
            for (int i = 0; i < size; i++) {
                String key = string();
                if (map.put(key, string()) != null) {
                    throw corrupt("a map in it repeats the key " + key);
                }
            }
            return map;
        }

        private String string() throws IOException {
            byte[] utf8 = bytes();
            return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
        }

        private byte[] bytes() throws IOException {
            int size = in.readInt();
            if (size == -1) {
                return null;
            }
            byte[] bytes = new byte[checked(size)];
            in.readFully(bytes);
            return bytes;
        }

        private Integer integer() throws IOException {
            return present() ? in.readInt() : null;
        }

        private <E extends Enum<E>> E enumeration(E[] values) throws IOException {
            byte ordinal = in.readByte();
            if (ordinal == -1) {
                return null;
            }
            if (ordinal < 0 || ordinal >= values.length) {
                throw corrupt(ordinal + " is no " + values.getClass().getComponentType().getSimpleName());
            }
            return values[ordinal];
        }

        private boolean present() throws IOException {
            return in.readBoolean();
        }

        private int size() throws IOException {
            return checked(in.readInt());
        }

        /** A size, before anything is allocated for it: every element takes at least a byte of what is left. */
        private int checked(int size) throws CorruptFrameException {
            if (size < 0 || size > remaining()) {
                throw corrupt("it gives a size of " + size + " where " + remaining() + " bytes remain");
            }
            return size;
        }
    }
}
