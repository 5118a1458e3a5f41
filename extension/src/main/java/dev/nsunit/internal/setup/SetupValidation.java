package dev.nsunit.internal.setup;

import java.io.File;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.nsunit.Limits;
import dev.nsunit.internal.linux.BindMount;
import dev.nsunit.internal.linux.HostsEntry;

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

    /** A number (with a fraction, if any) and a binary unit: what {@code @Limits(memory)} accepts. */
    private static final Pattern MEMORY = Pattern.compile("(\\d{1,19}(?:\\.\\d{1,9})?) ?(B|KiB|MiB|GiB|TiB)");
    private static final List<String> UNITS = List.of("B", "KiB", "MiB", "GiB", "TiB");
    /** The kernel's smallest CFS quota is 1 ms, of nsunit's 100 ms period. */
    static final double MIN_CPUS = 0.01;
    /** More than any machine has; keeps the quota far from the kernel's bounds. */
    static final double MAX_CPUS = 10_000;

    private SetupValidation() {
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
