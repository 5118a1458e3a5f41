package dev.nsunit.internal.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Makes the kernel's global knobs read-only in a hardened child's mount namespace, as container runtimes do. A
 * child in its own user namespace holds no capability over the host, but {@code /proc/sys}, {@code /sys} and their
 * kin check only that the writer is uid 0, which a child of root still is: without this, one
 * {@code echo 61 > /proc/sys/vm/swappiness} in a test would change the host.
 *
 * <p>The knobs that belong to a namespace the child has anew stay writable, as in a container: the network
 * sysctls with a network namespace, the hostname and domain name with a UTS namespace, the IPC limits with an IPC
 * namespace. Those files show the writer's own namespace, so writing them changes nothing outside.
 */
final class KernelKnobs {

    /** What Docker's default profile makes read-only, and {@code /sys}, whose files are the kernel's and cgroups'. */
    private static final List<String> READ_ONLY = List.of("/proc/sys", "/proc/sysrq-trigger", "/proc/irq",
            "/proc/bus", "/proc/fs", "/proc/acpi", "/proc/scsi", "/sys");

    private static final List<String> UTS_KNOBS = List.of("/proc/sys/kernel/hostname", "/proc/sys/kernel/domainname");
    private static final List<String> IPC_KNOBS = List.of("/proc/sys/kernel/shmmax", "/proc/sys/kernel/shmall",
            "/proc/sys/kernel/shmmni", "/proc/sys/kernel/shm_rmid_forced", "/proc/sys/kernel/msgmax",
            "/proc/sys/kernel/msgmni", "/proc/sys/kernel/msgmnb", "/proc/sys/kernel/sem", "/proc/sys/fs/mqueue");
    private static final List<String> NETWORK_KNOBS = List.of("/proc/sys/net");

    private static final Path OWN_MOUNTS = Path.of("/proc/self/mountinfo");

    private KernelKnobs() {
    }

    /**
     * Run in a new mount namespace whose propagation is already private, after every other mount of the setup (a
     * fresh {@code /proc} among them, which must be covered too).
     */
    static void makeReadOnly(Linux linux, Set<NamespaceType> types) throws ErrnoException {
        List<String> roots = new ArrayList<>();
        for (String path : READ_ONLY) {
            if (Files.exists(Path.of(path))) {
                roots.add(path);
            }
        }
        // Loops, not streams: each lambda would be a class made at run time in every child (the training run,
        // which mounts nothing, cannot make them for the class-data archive).
        List<MountTable.Mount> before = MountTable.read(OWN_MOUNTS);
        List<String> mountPoints = new ArrayList<>();
        for (MountTable.Mount mount : before) {
            mountPoints.add(mount.point());
        }
        for (String root : roots) {
            if (!mountPoints.contains(root)) {
                // A remount changes a mount, so a path that is none must become one: bound onto itself, with what
                // is mounted below it (binfmt_misc below /proc/sys).
                linux.mount(root, root, null, Linux.MS_BIND | Linux.MS_REC, null);
            }
        }
        // The knobs of the child's own namespaces become mounts of their own too, before anything is made read-only:
        // a bind mount takes the flags of the mount it comes from, so they stay as writable as the host has them,
        // and the remounts below pass them by. A knob the host (a container runtime, say) had made read-only stays
        // so: the kernel locks that flag.
        List<String> knobs = new ArrayList<>();
        for (String knob : ownKnobs(types)) {
            if (Files.exists(Path.of(knob)) && !mountOf(knob, before).readOnly()) {
                knobs.add(knob);
            }
        }
        for (String knob : knobs) {
            linux.mount(knob, knob, null, Linux.MS_BIND | Linux.MS_REC, null);
        }
        for (MountTable.Mount mount : MountTable.read(OWN_MOUNTS)) {
            if (isAtOrBelowAny(mount.point(), roots) && !knobs.contains(mount.point())) {
                // Per mount, not per superblock: the host's mounts of the same filesystems stay writable.
                linux.mount("none", mount.point(), null, Linux.MS_BIND | Linux.MS_REMOUNT | Linux.MS_RDONLY
                        | mount.lockedFlags(), null);
            }
        }
    }

    /** {@link #makeReadOnly}'s reading of the mount table and of a mount's flags, mounting nothing. */
    static void rehearse(Linux linux) throws ErrnoException {
        // The flags themselves are not needed: only the code that reads and computes them.
        long flags = linux.lockableMountFlags("/");
        for (MountTable.Mount mount : MountTable.read(OWN_MOUNTS)) {
            flags |= mount.lockedFlags();
        }
    }

    private static List<String> ownKnobs(Set<NamespaceType> types) {
        List<String> knobs = new ArrayList<>();
        if (types.contains(NamespaceType.UTS)) {
            knobs.addAll(UTS_KNOBS);
        }
        if (types.contains(NamespaceType.IPC)) {
            knobs.addAll(IPC_KNOBS);
        }
        if (types.contains(NamespaceType.NETWORK)) {
            knobs.addAll(NETWORK_KNOBS);
        }
        return knobs;
    }

    /** The mount a path lies in: the deepest mount point at or above it, the last mounted of those. */
    private static MountTable.Mount mountOf(String path, List<MountTable.Mount> mounts) {
        MountTable.Mount found = null;
        for (MountTable.Mount mount : mounts) {
            boolean holds = mount.point().equals("/") || isAtOrBelow(path, mount.point());
            if (holds && (found == null || mount.point().length() >= found.point().length())) {
                found = mount;
            }
        }
        return found;
    }

    private static boolean isAtOrBelowAny(String path, List<String> roots) {
        for (String root : roots) {
            if (isAtOrBelow(path, root)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAtOrBelow(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }
}
