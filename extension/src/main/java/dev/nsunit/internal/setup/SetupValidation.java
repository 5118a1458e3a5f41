package dev.nsunit.internal.setup;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.opentest4j.TestAbortedException;

import dev.nsunit.JoinNamespace;
import dev.nsunit.NetworkConditions;

import dev.nsunit.Limits;
import dev.nsunit.internal.linux.BindMount;
import dev.nsunit.internal.linux.ErrnoException;
import dev.nsunit.internal.linux.HostsEntry;
import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.NamespaceJoin;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.Netem;

/**
 * Checks annotation values before any process is created, with messages that name the annotation, the
 * attribute and the value.
 */
final class SetupValidation {

    /** HOST_NAME_MAX on Linux; the kernel refuses longer names with EINVAL. */
    static final int MAX_NAME_BYTES = 64;
    /** A name in /etc/hosts may be a fully qualified one: DNS allows 253 bytes. */
    static final int MAX_HOSTS_NAME_BYTES = 253;
    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern LABELS = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

    /**
     * The most a clock of a time namespace may read, in seconds: KTIME_SEC_MAX / 2, past which the kernel refuses
     * an offset (ERANGE) so that its nanosecond clocks can never overflow.
     */
    static final long MAX_CLOCK_SECONDS = Long.MAX_VALUE / 1_000_000_000L / 2;
    private static final Pattern CLOCK_OFFSET = Pattern.compile("(-?)([0-9]{1,12})\\x20?([smhd])"); // "400 d", "-30s"
    /** A number (with a fraction, if any) and a binary unit: what {@code @Limits(memory)} accepts. */
    private static final Pattern MEMORY = Pattern.compile("(\\d{1,19}(?:\\.\\d{1,9})?) ?(B|KiB|MiB|GiB|TiB)");
    private static final List<String> UNITS = List.of("B", "KiB", "MiB", "GiB", "TiB");
    /** The kernel's smallest CFS quota is 1 ms, of nsunit's 100 ms period. */
    static final double MIN_CPUS = 0.01;
    /** More than any machine has; keeps the quota far from the kernel's bounds. */
    static final double MAX_CPUS = 10_000;

    private SetupValidation() {
    }

    /**
     * An {@code @IsolatedTime} offset, such as {@code "400 d"}, in seconds. The kernel refuses an offset that would
     * take the clock, as it reads now, below zero or past {@link #MAX_CLOCK_SECONDS}; a monotonic clock only grows,
     * so what passes here passes when the child is started.
     *
     * @param clock {@code "monotonic"} or {@code "boottime"}, as {@code /proc/<pid>/timens_offsets} names them
     */
    static long checkClockOffset(String value, String clock, String where) {
        Matcher matcher = CLOCK_OFFSET.matcher(value.strip());
        if (!matcher.matches()) {
            throw new ExtensionConfigurationException(where + ": not a clock offset; write a whole number and a unit "
                    + "(s, m, h or d), such as \"400 d\" or \"-30 s\"");
        }
        long unit = switch (matcher.group(3)) {
            case "m" -> 60;
            case "h" -> 60 * 60;
            case "d" -> 24 * 60 * 60;
            default -> 1;
        };
        long magnitude = Long.parseLong(matcher.group(2));
        boolean tooFar = magnitude > MAX_CLOCK_SECONDS / unit;
        long seconds = tooFar ? Long.MAX_VALUE : magnitude * unit;
        String name = "CLOCK_" + clock.toUpperCase(Locale.ROOT);
        long now = clockSecondsNow(clock);
        if (matcher.group(1).isEmpty()) {
            if (seconds > MAX_CLOCK_SECONDS - now) {
                throw new ExtensionConfigurationException(where + ": takes " + name + " past " + MAX_CLOCK_SECONDS
                        + " s (about 146 years), the most the kernel allows a clock; use a smaller offset");
            }
            return seconds;
        }
        if (seconds > now) {
            throw new ExtensionConfigurationException(where + ": takes " + name + " below zero, which the kernel "
                    + "refuses; it reads " + now + " s on this machine now, so go back at most that far");
        }
        return -seconds;
    }

    /**
     * The clock's whole seconds as the test JVM reads it: CLOCK_MONOTONIC by nanoTime, CLOCK_BOOTTIME by uptime.
     * The kernel checks against the machine's clocks (the initial time namespace's), which are these unless the
     * test JVM itself runs in a time namespace with offsets.
     */
    private static long clockSecondsNow(String clock) {
        if (clock.equals("monotonic")) {
            return System.nanoTime() / 1_000_000_000L;
        }
        try {
            String uptime = Files.readString(Path.of("/proc/uptime")).strip();
            return (long) Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
        }
        catch (IOException | RuntimeException unreadable) {
            throw new ExtensionConfigurationException("Cannot read /proc/uptime to check a CLOCK_BOOTTIME offset: "
                    + unreadable.getMessage(), unreadable);
        }
    }

    /** The attributes of one {@code @Limits}, each on its own, before any process exists. */
    static void checkLimits(Limits limits, IsolationAnnotations.Found<Limits> found) {
        if (limits.memory().isEmpty() && limits.pids() == 0 && limits.cpus() == 0) {
            throw new ExtensionConfigurationException(found.describe() + " sets no limit: give memory, pids or cpus, "
                    + "or remove it");
        }
        if (!limits.memory().isEmpty()) {
            String where = found.describe("memory", limits.memory());
            long bytes = memoryBytes(limits.memory(), where);
            if (bytes < memoryBytes(Limits.MIN_MEMORY)) {
                throw new ExtensionConfigurationException(where + ": a child JVM needs about " + Limits.MIN_MEMORY
                        + " to start and run JUnit; give at least \"" + Limits.MIN_MEMORY + "\"");
            }
        }
        if (limits.pids() != 0) {
            String where = found.describe("pids", String.valueOf(limits.pids()));
            if (limits.pids() < 0) {
                throw new ExtensionConfigurationException(where + ": not a number of processes; give a positive "
                        + "number, or leave pids out for no limit");
            }
            if (limits.pids() < Limits.MIN_PIDS) {
                throw new ExtensionConfigurationException(where + ": a child JVM runs some 20 threads of its own before "
                        + "any test does; give at least " + Limits.MIN_PIDS);
            }
        }
        if (limits.cpus() != 0) {
            String where = found.describe("cpus", String.valueOf(limits.cpus()));
            if (!(limits.cpus() >= MIN_CPUS && limits.cpus() <= MAX_CPUS)) {
                throw new ExtensionConfigurationException(where + ": give a number of CPUs from " + MIN_CPUS + " (the "
                        + "kernel's smallest quota) to " + (int) MAX_CPUS + ", such as 0.5 for half of one CPU, or "
                        + "leave cpus out for no limit");
            }
        }
    }

    /** The bytes of a memory size that {@link #checkLimits} accepted. */
    static long memoryBytes(String value) {
        return memoryBytes(value, value);
    }

    private static long memoryBytes(String value, String where) {
        java.util.regex.Matcher matcher = MEMORY.matcher(value);
        if (!matcher.matches()) {
            throw new ExtensionConfigurationException(where + ": not a memory size; write a number and a binary unit "
                    + "(B, KiB, MiB, GiB or TiB), such as \"256 MiB\"");
        }
        java.math.BigDecimal bytes = new java.math.BigDecimal(matcher.group(1))
                .multiply(java.math.BigDecimal.valueOf(1L << (10 * UNITS.indexOf(matcher.group(2)))));
        if (bytes.compareTo(java.math.BigDecimal.valueOf(1L << 50)) > 0) {
            throw new ExtensionConfigurationException(where + ": more memory than Linux can address; give at most "
                    + "\"1024 TiB\", or leave memory out for no limit");
        }
        return bytes.longValue();
    }

    static void checkName(String name, String where) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new ExtensionConfigurationException(where + ": the name is " + bytes + " bytes long; Linux allows at "
                    + "most " + MAX_NAME_BYTES + ", so shorten it");
        }
        if (!LABELS.matcher(name).matches()) {
            throw new ExtensionConfigurationException(where + ": not a valid name; use labels of letters, digits and "
                    + "'-' separated by '.', no label starting or ending with '-'");
        }
    }

    /**
     * An {@code @IsolatedUts(hosts = ...)} entry, {@code name=address}: a name of dot-separated labels (at most 253
     * bytes, DNS's limit) and an IPv4 address of four decimal parts or an IPv6 address, as the resolver reads them
     * in {@code /etc/hosts} (glibc's {@code inet_pton}: no shortened IPv4 forms such as {@code 127.1}).
     */
    static HostsEntry checkHostsEntry(String value, String where) {
        int equals = value.indexOf('=');
        if (equals < 0) {
            throw new ExtensionConfigurationException(where + ": not a hosts entry; write name=address, such as "
                    + "\"db.example=127.0.0.1\"");
        }
        String name = value.substring(0, equals).strip();
        String address = value.substring(equals + 1).strip();
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_HOSTS_NAME_BYTES || !LABELS.matcher(name).matches()) {
            throw new ExtensionConfigurationException(where + ": the part before '=' is not a "
                    + "host name; use labels of letters, digits and '-' separated by '.', at most " + MAX_HOSTS_NAME_BYTES
                    + " bytes, such as \"db.example\"");
        }
        if (!IPV4.matcher(address).matches() && !isIpv6(address)) {
            throw new ExtensionConfigurationException(where + ": the part after '=' is not "
                    + "an IP address; use an IPv4 address such as \"127.0.0.1\" or an IPv6 address such as \"::1\"");
        }
        return new HostsEntry(name, address);
    }

    private static boolean isIpv6(String address) {
        if (!address.contains(":") || !address.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            // A literal of these characters only is parsed, never looked up.
            return InetAddress.getByName(address) instanceof Inet6Address;
        }
        catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    /**
     * A type nsunit can join: one whose {@code setns} changes only the calling (spawner) thread, and after which the
     * child JVM still works and is still hardened.
     */
    static void checkJoinable(JoinNamespace join, String where) {
        String why = switch (join.type()) {
            case NETWORK, UTS -> null;
            case MOUNT -> "another mount namespace would not show the child JVM the test JVM's JDK and class path; "
                    + "bind what the test needs with @IsolatedMount(bind = ...) instead";
            case USER -> "the kernel lets only a single-threaded process join a user namespace, and a child's own "
                    + "user namespace is what keeps a child of root from holding power over the host";
            case PID -> "the child's /proc would go on showing the test JVM's processes, and a hardened child cannot "
                    + "mount one for a PID namespace it does not own";
            case IPC -> "POSIX shared memory and message queues are listed in /dev/shm and /dev/mqueue, file systems "
                    + "of the test JVM's IPC namespace, so the test would see half of each";
            default -> "";
        };
        if (why != null) {
            throw new ExtensionConfigurationException(where + ": nsunit joins only network and UTS namespaces"
                    + (why.isEmpty() ? "" : "; " + why));
        }
    }

    /**
     * The path a join names: its {@code path}, or the value of the system property its {@code pathProperty} names
     * (empty if that is not set).
     */
    static Optional<String> joinPath(JoinNamespace join, BiFunction<String, String, String> describe) {
        boolean byPath = !join.path().isEmpty();
        boolean byProperty = !join.pathProperty().isEmpty();
        if (byPath == byProperty) {
            throw new ExtensionConfigurationException(describe.apply("type", join.type().name()) + ": "
                    + (byPath ? "give path or pathProperty, not both" : "name the namespace: give its path, or "
                            + "pathProperty naming a system property that holds its path"));
        }
        if (byPath) {
            return Optional.of(join.path());
        }
        String value = System.getProperty(join.pathProperty());
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /**
     * An existing namespace file of the given type, not the test JVM's own namespace, with its identity: opened once,
     * and its type asked of the kernel ({@code NS_GET_NSTYPE}) on the descriptor whose inode is recorded.
     */
    static NamespaceJoin checkJoin(NamespaceType type, String value, String where) {
        Path path = parse(value, where);
        if (!path.isAbsolute()) {
            throw new ExtensionConfigurationException(where + ": the path must be absolute; name the namespace file, "
                    + "such as /run/netns/NAME or /proc/PID/ns/" + type.procName());
        }
        if (Files.notExists(path)) {
            throw new ExtensionConfigurationException(where + ": no such file; make the namespace before the tests "
                    + "run (ip netns add NAME makes /run/netns/NAME), or name a running process's /proc/PID/ns/"
                    + type.procName());
        }
        Linux linux;
        try {
            linux = Linux.get();
        }
        catch (UnsupportedOperationException notLinux) {
            throw new TestAbortedException(notLinux.getMessage());
        }
        int fd;
        try {
            fd = linux.openReadOnly(value);
        }
        catch (ErrnoException e) {
            throw new ExtensionConfigurationException(where + ": cannot open it: " + e.getMessage());
        }
        try {
            int actual;
            try {
                actual = linux.namespaceType(fd);
            }
            catch (ErrnoException e) {
                throw new ExtensionConfigurationException(where + ": not a namespace file (" + e.getMessage()
                        + "); name one such as /run/netns/NAME or /proc/PID/ns/" + type.procName());
            }
            if (actual != type.cloneFlag()) {
                throw new ExtensionConfigurationException(where + ": it is " + typeOfFlag(actual)
                        + ", not a " + type.displayName() + " one; name a " + type.displayName() + " namespace, or "
                        + "give the type it has");
            }
            long[] identity = NamespaceJoin.identity(Path.of("/proc/thread-self/fd", Integer.toString(fd)));
            if (Arrays.equals(identity, NamespaceJoin.identity(Path.of("/proc/self/ns", type.procName())))) {
                throw new ExtensionConfigurationException(where + ": it is the test JVM's own " + type.displayName()
                        + " namespace, and a test joined to it would be isolated from nothing; name another, or leave "
                        + "the join out");
            }
            return new NamespaceJoin(type, value, identity[0], identity[1]);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the identity of " + value, e);
        }
        finally {
            linux.close(fd);
        }
    }

    private static String typeOfFlag(int cloneFlag) {
        for (NamespaceType type : NamespaceType.values()) {
            if (type.cloneFlag() == cloneFlag) {
                return "a " + type.displayName() + " namespace";
            }
        }
        return "a namespace of another type (" + Linux.cloneFlagNames(cloneFlag) + ")";
    }

    /** {@code @NetworkConditions}: durations, a percentage and a rate that netem can apply, and at least one set. */
    static Netem checkConditions(IsolationAnnotations.Found<NetworkConditions> found) {
        NetworkConditions conditions = found.annotation();
        checkNotNegative(conditions.delayMillis(), found.describe("delayMillis",
                String.valueOf(conditions.delayMillis())), "milliseconds");
        checkNotNegative(conditions.jitterMillis(), found.describe("jitterMillis",
                String.valueOf(conditions.jitterMillis())), "milliseconds");
        checkNotNegative(conditions.rateKbit(), found.describe("rateKbit", String.valueOf(conditions.rateKbit())),
                "kilobits per second (0 for no limit)");
        double loss = conditions.lossPercent();
        if (!(loss >= 0 && loss <= 100)) {
            throw new ExtensionConfigurationException(found.describe("lossPercent", String.valueOf(loss))
                    + ": not a percentage; use 0 to 100");
        }
        if (conditions.jitterMillis() > conditions.delayMillis()) {
            throw new ExtensionConfigurationException(found.describe("jitterMillis",
                    String.valueOf(conditions.jitterMillis())) + ": more than the delay (" + conditions.delayMillis()
                    + " ms), so a packet would have to leave before it was sent; make it at most delayMillis");
        }
        if (conditions.delayMillis() == 0 && loss == 0 && conditions.rateKbit() == 0) {
            throw new ExtensionConfigurationException("@NetworkConditions" + found.via() + " on " + found.where()
                    + ": no condition is set; set delayMillis, lossPercent or rateKbit (for a plain network "
                    + "namespace, use @IsolatedNetwork)");
        }
        return new Netem(conditions.delayMillis(), conditions.jitterMillis(), loss, conditions.rateKbit());
    }

    private static void checkNotNegative(long value, String where, String unit) {
        if (value < 0) {
            throw new ExtensionConfigurationException(where + ": negative; use 0 or more " + unit);
        }
    }

    /** Entries nsunit adds to its copy of /etc/hosts would be lost under the test's own file bound there. */
    static void checkHostsNotBound(Collection<HostsEntry> hosts, Collection<BindMount> binds) {
        for (BindMount bind : binds) {
            if (!hosts.isEmpty() && Path.of(bind.target()).equals(Path.of("/etc/hosts"))) {
                throw new ExtensionConfigurationException("@IsolatedUts(hosts = ...) adds lines to the child's "
                        + "/etc/hosts, and @IsolatedMount(bind = \"" + bind.source() + ":" + bind.target()
                        + "\") puts a file of the test's own there instead; write the lines into that file, or "
                        + "drop the bind");
            }
        }
    }

    /** A uid or gid a user namespace can map: 0 and up ({@code (uid_t) -1} means "no id" to the kernel). */
    static void checkId(int id, String where) {
        if (id < 0) {
            throw new ExtensionConfigurationException(where + ": not a user or group id; use 0 or more");
        }
    }

    static void checkTmpfs(String value, String where) {
        Path path = existingPath(value, where);
        if (!Files.isDirectory(path)) {
            throw new ExtensionConfigurationException(where + ": not a directory; a tmpfs can only cover a "
                    + "directory, so name one (to hide a file, bind an empty file over it)");
        }
        checkCovers(path, where, "a tmpfs");
    }

    static void checkReadOnly(String value, String where) {
        Path path = existingPath(value, where);
        if (path.startsWith("/proc")) {
            throw new ExtensionConfigurationException(where + ": /proc is the kernel's; leave it out (for a /proc "
                    + "of the test's own, add @IsolatedPid)");
        }
    }

    /**
     * Parses {@code "source:target"} (split at the first colon) and checks both paths. A relative source is resolved
     * against the working directory (the module's, under Surefire), where a test's fixture files are; the target,
     * a path in the child's own file system view, must be absolute.
     */
    static BindMount checkBind(String value, String where) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new ExtensionConfigurationException(where + ": write a bind mount as \"source:target\"");
        }
        Path source = existingSource(value.substring(0, colon), where);
        Path target = existingPath(value.substring(colon + 1), where);
        if (Files.isDirectory(source) != Files.isDirectory(target)) {
            throw new ExtensionConfigurationException(where + ": the source and the target must both be directories "
                    + "or both be files");
        }
        checkCovers(target, where, "a bind mount");
        return new BindMount(source.toString(), target.toString());
    }

    private static Path existingSource(String value, String where) {
        Path relative = parse(value, where);
        if (relative.isAbsolute() || value.isEmpty()) {
            return existingPath(value, where);
        }
        Path workingDirectory = Path.of(System.getProperty("user.dir"));
        Path source = workingDirectory.resolve(relative).normalize();
        if (!Files.exists(source)) {
            throw new ExtensionConfigurationException(where + ": no such file or directory: " + source
                    + " (a relative source is read from the working directory, " + workingDirectory + ")");
        }
        return source;
    }

    private static Path existingPath(String value, String where) {
        Path path = parse(value, where);
        if (!path.isAbsolute()) {
            throw new ExtensionConfigurationException(where + ": the path must be absolute; start it with '/'");
        }
        if (!path.normalize().toString().equals(value)) {
            throw new ExtensionConfigurationException(where + ": the path must be normalized (no '.', '..', '//' or "
                    + "trailing '/'); did you mean \"" + path.normalize() + "\"?");
        }
        if (!Files.exists(path)) {
            throw new ExtensionConfigurationException(where + ": no such file or directory; only an existing path "
                    + "can be mounted over, so create it before the tests run, or mount over its parent");
        }
        return path;
    }

    private static Path parse(String value, String where) {
        try {
            return Path.of(value);
        }
        catch (InvalidPathException e) {
            throw new ExtensionConfigurationException(where + ": not a path: " + e.getMessage());
        }
    }

    /** Something mounted over {@code path} must not hide what the child JVM needs. */
    private static void checkCovers(Path path, String where, String what) {
        if (path.getParent() == null || path.startsWith("/proc")) {
            throw new ExtensionConfigurationException(where + ": " + what + " there would hide what the child JVM "
                    + "itself needs; choose a directory of your own");
        }
        for (Path needed : childJvmPaths()) {
            if (needed.startsWith(path)) {
                throw new ExtensionConfigurationException(where + ": " + what + " there would hide " + needed
                        + ", which the child JVM needs to run; choose a directory of your own");
            }
        }
    }

    static void checkBindTargetsOutside(Collection<BindMount> binds, Collection<String> tmpfs) {
        for (BindMount bind : binds) {
            for (String directory : tmpfs) {
                if (Path.of(bind.target()).startsWith(Path.of(directory))) {
                    throw new ExtensionConfigurationException("@IsolatedMount(bind = \"" + bind.source() + ":"
                            + bind.target() + "\"): the target lies inside \"" + directory + "\", which gets a fresh "
                            + "empty tmpfs first, so the target would not exist; bind onto a path outside it");
                }
            }
        }
    }

    static void checkNotNested(Collection<String> tmpfs) {
        for (String outer : tmpfs) {
            for (String inner : tmpfs) {
                if (!outer.equals(inner) && Path.of(inner).startsWith(Path.of(outer))) {
                    throw new ExtensionConfigurationException("@IsolatedMount(tmpfs): \"" + inner + "\" lies inside \""
                            + outer + "\", which gets a fresh empty tmpfs first, so \"" + inner + "\" would not "
                            + "exist; keep \"" + outer + "\" alone");
                }
            }
        }
    }

    private static List<Path> childJvmPaths() {
        List<Path> paths = new ArrayList<>();
        paths.add(Path.of(System.getProperty("java.home")));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                paths.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        return paths;
    }
}
