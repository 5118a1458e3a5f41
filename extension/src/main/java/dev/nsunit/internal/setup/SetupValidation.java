package dev.nsunit.internal.setup;

import java.io.File;
import java.io.IOException;
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
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

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

    /**
     * The most a clock of a time namespace may read, in seconds: KTIME_SEC_MAX / 2, past which the kernel refuses
     * an offset (ERANGE) so that its nanosecond clocks can never overflow.
     */
    static final long MAX_CLOCK_SECONDS = Long.MAX_VALUE / 1_000_000_000L / 2;
    private static final Pattern CLOCK_OFFSET = Pattern.compile("(-?)([0-9]{1,12})\\x20?([smhd])"); // "400 d", "-30s"

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
