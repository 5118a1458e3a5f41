package dev.nsunit.internal.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What to make of fresh namespaces before any test code runs: names in a new UTS namespace, tmpfs, bind and
 * read-only mounts in a new mount namespace (plus a fresh {@code /proc} for a new PID namespace, and a fresh
 * {@code /dev/mqueue} and {@code /dev/shm} for a new IPC namespace), the kernel's global knobs read-only in a
 * hardened child, loopback up in a new network namespace. Applied inside the namespaces (by the child JVM, or by
 * the probe's throwaway thread), never before they are proven new by inode.
 *
 * @param types      the namespace types the caller must be in anew
 * @param hostname   the hostname to set, or empty to keep the inherited one
 * @param domainname the NIS domain name to set, or empty to keep the inherited one
 * @param hosts      lines to add to the child's {@code /etc/hosts}; needs a new mount namespace
 * @param tmpfs      absolute, normalized directories to cover with a fresh tmpfs, in mount order
 * @param binds      bind mounts, made after the tmpfs mounts
 * @param readOnly   absolute, normalized paths to make read-only, last
 * @param users      in a new user namespace, which ids it maps
 * @param hardened   whether the kernel's global knobs ({@code /proc/sys}, {@code /sys}, ...) are made read-only, so
 *                   that a child that is still uid 0 outside cannot write them; needs a new mount namespace
 * @param clocks     in a new time namespace, its clock offsets; written before the child exists (by util-linux's
 *                   {@code unshare}), and only checked by the child
 * @param joins      existing namespaces the child is born in instead of new ones, none of a type in {@code types};
 *                   joined by the spawner thread, proven by the child, never changed by nsunit
 * @param netem      delay, loss and rate limit on loopback, or null for none; needs a new network namespace
 * @param limits     the resources the child and everything it starts may use; applied by the test JVM, which
 *                   puts the child into cgroups of its own before it runs anything they should govern
 */
public record NamespaceSetup(Set<NamespaceType> types, String hostname, String domainname, List<HostsEntry> hosts,
        List<String> tmpfs, List<BindMount> binds, List<String> readOnly, UserMapping users, boolean hardened,
        ClockOffsets clocks, List<NamespaceJoin> joins, Netem netem, ResourceLimits limits) {

    private static final Path MQUEUE = Path.of("/dev/mqueue");
    private static final Path SHM = Path.of("/dev/shm");
    /** What a distribution's /dev/shm allows: anyone may create, only the owner may remove (sticky). */
    private static final String SHM_OPTIONS = "mode=1777";

    public NamespaceSetup {
        types = types.isEmpty() ? EnumSet.noneOf(NamespaceType.class) : EnumSet.copyOf(types);
        if (hardened && !types.contains(NamespaceType.MOUNT)) {
            throw new IllegalArgumentException("A hardened child needs a mount namespace of its own");
        }
        if (!hosts.isEmpty() && !types.contains(NamespaceType.MOUNT)) {
            throw new IllegalArgumentException("Entries for /etc/hosts need a mount namespace of their own");
        }
        if (!clocks.isNone() && !types.contains(NamespaceType.TIME)) {
            throw new IllegalArgumentException("Clock offsets need a time namespace of their own");
        }
        if (netem != null && !types.contains(NamespaceType.NETWORK)) {
            throw new IllegalArgumentException("Network conditions need a network namespace of their own");
        }
        for (NamespaceJoin join : joins) {
            if (types.contains(join.type())) {
                throw new IllegalArgumentException("A child cannot both join and create a " + join.type().displayName()
                        + " namespace");
            }
        }
        joins = List.copyOf(joins);
        hosts = List.copyOf(hosts);
        tmpfs = List.copyOf(tmpfs);
        binds = List.copyOf(binds);
        readOnly = List.copyOf(readOnly);
        if (limits == null) {
            throw new IllegalArgumentException("No resource limits is ResourceLimits.NONE, not null");
        }
    }

    /** A setup without resource limits. */
    public NamespaceSetup(Set<NamespaceType> types, String hostname, String domainname, List<HostsEntry> hosts,
            List<String> tmpfs, List<BindMount> binds, List<String> readOnly, UserMapping users, boolean hardened,
            ClockOffsets clocks, List<NamespaceJoin> joins, Netem netem) {
        this(types, hostname, domainname, hosts, tmpfs, binds, readOnly, users, hardened, clocks, joins, netem,
                ResourceLimits.NONE);
    }

    /** A setup with the machine's clocks that joins no namespace and sets no network conditions or limits. */
    public NamespaceSetup(Set<NamespaceType> types, String hostname, String domainname, List<HostsEntry> hosts,
            List<String> tmpfs, List<BindMount> binds, List<String> readOnly, UserMapping users, boolean hardened) {
        this(types, hostname, domainname, hosts, tmpfs, binds, readOnly, users, hardened, ClockOffsets.NONE, List.of(),
                null);
    }

    /** A setup that only creates the given types, changing nothing in them. */
    public static NamespaceSetup bare(Set<NamespaceType> types) {
        return new NamespaceSetup(types, "", "", List.of(), List.of(), List.of(), List.of(), UserMapping.IDENTITY,
                false);
    }

    /**
     * Walks the reading half of {@link #apply} and changes nothing, neither here nor on the host: the mount table,
     * a mount's flags, the copy of {@code /etc/hosts} (written to {@code scratch}, a file of the caller's). For the
     * training run, so that the class-data archive holds what a child's set-up loads.
     */
    public static void rehearse(Linux linux, Path scratch) throws ErrnoException, IOException {
        KernelKnobs.rehearse(linux);
        HostsFile.rehearse(scratch, List.of(new HostsEntry("nsunit-training", "127.0.0.1")));
    }

    /**
     * Proves that the calling thread is in a new namespace of every requested type, then applies the setup.
     *
     * @param parent the namespaces of the JVM that asked for isolation
     * @throws NotInNewNamespaceException    before changing anything, if any requested type is not new
     * @throws NotInJoinedNamespaceException before changing anything, if the caller is not in a namespace to join
     */
    public void apply(Linux linux, NamespaceInodes parent) throws ErrnoException {
        NamespaceInodes mine = NamespaceInodes.ofCurrentThread(types);
        for (NamespaceType type : types) {
            if (mine.of(type) == parent.of(type)) {
                throw new NotInNewNamespaceException(type, mine.of(type));
            }
        }
        for (NamespaceJoin join : joins) {
            join.prove();
        }
        if (types.contains(NamespaceType.TIME)) {
            checkClocks();
        }
        if (types.contains(NamespaceType.MOUNT)) {
            mount(linux);
        }
        if (types.contains(NamespaceType.UTS)) {
            if (!hostname.isEmpty()) {
                linux.setHostname(hostname);
            }
            if (!domainname.isEmpty()) {
                linux.setDomainname(domainname);
            }
        }
        if (types.contains(NamespaceType.NETWORK)) {
            // A new network namespace has a loopback interface, but down: nothing could even bind 127.0.0.1.
            linux.bringUp("lo");
            if (netem != null) {
                netem.apply();
            }
        }
    }

    /** The offsets were written by the process that created the namespace; a child trusts no one else's word. */
    private void checkClocks() {
        ClockOffsets actual;
        try {
            actual = ClockOffsets.ofThisProcess();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the time namespace's clock offsets", e);
        }
        // field by field, not a record's equals (see ClockOffsets.isNone)
        if (actual.monotonicSeconds() != clocks.monotonicSeconds()
                || actual.boottimeSeconds() != clocks.boottimeSeconds()) {
            throw new IllegalStateException("The new time namespace moves CLOCK_MONOTONIC by "
                    + actual.monotonicSeconds() + " s and CLOCK_BOOTTIME by " + actual.boottimeSeconds()
                    + " s, not by the " + clocks.monotonicSeconds() + " s and " + clocks.boottimeSeconds()
                    + " s asked for; not running the test with clocks it did not ask for");
        }
    }

    private void mountProc(Linux linux) throws ErrnoException {
        try {
            linux.mount("proc", "/proc", "proc", Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC, null);
        }
        catch (ErrnoException e) {
            if (e.errno() == Errno.EPERM && types.contains(NamespaceType.USER) && MaskedProc.isMasked()) {
                throw new IllegalStateException(e.getMessage() + ". In a user namespace the kernel mounts a /proc only "
                        + "where one is fully visible, and paths of this one are masked (a container runtime's "
                        + "default); the test JVM could not unmask them for the child without CAP_SYS_ADMIN. Start the "
                        + "container with --security-opt systempaths=unconfined, or leave out @IsolatedPid", e);
            }
            throw e;
        }
    }

    private void mount(Linux linux) throws ErrnoException {
        // First, so that no mount made here (ours or the test's) can propagate to the host's peers.
        linux.mount("none", "/", null, Linux.MS_REC | Linux.MS_PRIVATE, null);
        for (String path : tmpfs) {
            linux.mount("tmpfs", path, "tmpfs", Linux.MS_NOSUID | Linux.MS_NODEV, null);
        }
        for (BindMount bind : binds) {
            linux.mount(bind.source(), bind.target(), null, Linux.MS_BIND | Linux.MS_REC, null);
        }
        for (String path : readOnly) {
            linux.mount(path, path, null, Linux.MS_BIND | Linux.MS_REC, null);
            // A remount must repeat the flags a user namespace locks, or the kernel refuses it.
            linux.mount("none", path, null, Linux.MS_BIND | Linux.MS_REMOUNT | Linux.MS_RDONLY
                    | linux.lockableMountFlags(path), null);
        }
        List<HostsEntry> added = new ArrayList<>();
        if (types.contains(NamespaceType.UTS) && !hostname.isEmpty()) {
            added.add(new HostsEntry(hostname, "127.0.0.1"));
        }
        added.addAll(hosts);
        if (!added.isEmpty() && binds.stream().noneMatch(bind -> Path.of(bind.target()).equals(HostsFile.HOSTS))) {
            // Unless the test binds its own /etc/hosts, which then wins (with entries of its own, nsunit refuses
            // such a bind before any process exists).
            HostsFile.add(linux, added);
        }
        if (types.contains(NamespaceType.PID)) {
            // /proc must show the new PID namespace, or every pid read from it is the host's.
            mountProc(linux);
        }
        if (types.contains(NamespaceType.IPC) && Files.isDirectory(MQUEUE)) {
            linux.mount("mqueue", MQUEUE.toString(), "mqueue", Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_NOEXEC,
                    null);
        }
        if (types.contains(NamespaceType.IPC) && Files.isDirectory(SHM)) {
            // POSIX shared memory and semaphores are files in /dev/shm, which no IPC namespace covers.
            linux.mount("tmpfs", SHM.toString(), "tmpfs", Linux.MS_NOSUID | Linux.MS_NODEV, SHM_OPTIONS);
        }
        if (hardened) {
            // Last, so that it covers the fresh /proc as well.
            KernelKnobs.makeReadOnly(linux, types);
        }
    }
}
