package dev.nsunit.internal.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes a child's new hostname resolve, to loopback (otherwise {@code InetAddress.getLocalHost()}, which loggers,
 * Spring, Kafka and ZooKeeper clients call, throws {@code UnknownHostException} for a name no resolver knows), and
 * the names a test adds with {@code @IsolatedUts(hosts = ...)} to their addresses. The child gets the host's
 * {@code /etc/hosts} plus those lines, bound over {@code /etc/hosts} in its own mount namespace only. The copy is written on a tmpfs mounted for the moment over {@code /tmp} and detached again once the copy
 * is bound (the bound file keeps its tmpfs alive): nothing is written to the host's disk, nothing is left when the
 * child ends, and the child's {@code /tmp} is as it was. (A file in memory alone, {@code memfd_create}, cannot be
 * bound: the kernel binds only what is mounted in the caller's namespace.)
 */
final class HostsFile {

    static final Path HOSTS = Path.of("/etc/hosts");
    private static final Path SCRATCH = Path.of("/tmp");

    private HostsFile() {
    }

    /** Run in a new mount namespace whose propagation is already private, before any test code. */
    static void add(Linux linux, List<HostsEntry> entries) throws ErrnoException {
        if (!Files.isRegularFile(HOSTS) || !Files.isDirectory(SCRATCH)) {
            // nothing to cover, or nowhere to write; nsunit never creates a path on the host
            return;
        }
        byte[] content = withLines(read(), entries);
        linux.mount("tmpfs", SCRATCH.toString(), "tmpfs", Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC,
                "mode=0700");
        try {
            Path copy = SCRATCH.resolve("hosts");
            Files.write(copy, content);
            linux.mount(copy.toString(), HOSTS.toString(), null, Linux.MS_BIND, null);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write the child's copy of " + HOSTS, e);
        }
        finally {
            linux.detach(SCRATCH.toString());
        }
    }

    /** {@link #add}'s reading and writing, into {@code file} instead of a mount: for the training run. */
    static void rehearse(Path file, List<HostsEntry> entries) throws IOException {
        Files.write(file, withLines(Files.isRegularFile(HOSTS) ? read() : "", entries));
    }

    private static String read() {
        try {
            return Files.readString(HOSTS, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + HOSTS + " to add the child's entries to it", e);
        }
    }

    private static byte[] withLines(String hosts, List<HostsEntry> entries) {
        StringBuilder content = new StringBuilder(hosts);
        if (!hosts.isEmpty() && !hosts.endsWith("\n")) {
            content.append('\n');
        }
        content.append("# nsunit: added for this isolated test\n");
        entries.forEach(entry -> content.append(entry.line()).append('\n'));
        return content.toString().getBytes(StandardCharsets.UTF_8);
    }
}
