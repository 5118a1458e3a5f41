package dev.nsunit.internal.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
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
        List<String> mountPoints = mounts().stream().map(Mount::point).toList();
        for (String root : roots) {
            if (!mountPoints.contains(root)) {
                // A remount changes a mount, so a path that is none must become one: bound onto itself, with what
                // is mounted below it (binfmt_misc below /proc/sys).
                linux.mount(root, root, null, Linux.MS_BIND | Linux.MS_REC, null);
            }
        }
        for (Mount mount : mounts()) {
            if (roots.stream().anyMatch(root -> isAtOrBelow(mount.point(), root))) {
                // Per mount, not per superblock: the host's mounts of the same filesystems stay writable.
                linux.mount("none", mount.point(), null, Linux.MS_BIND | Linux.MS_REMOUNT | Linux.MS_RDONLY
                        | mount.lockedFlags(), null);
            }
        }
        List<String> knobs = ownKnobs(types).stream().filter(knob -> Files.exists(Path.of(knob))).toList();
        for (String knob : knobs) {
            linux.mount(knob, knob, null, Linux.MS_BIND | Linux.MS_REC, null);
        }
        for (Mount mount : mounts()) {
            if (knobs.contains(mount.point())) {
                linux.mount("none", mount.point(), null, Linux.MS_BIND | Linux.MS_REMOUNT | mount.lockedFlags(),
                        null);
            }
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

    private static boolean isAtOrBelow(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }

    /**
     * This mount namespace's mounts, in order, from {@code /proc/self/mountinfo}: read there rather than with
     * statvfs, which would trigger an automount (systemd's binfmt_misc below /proc/sys is one).
     */
    private static List<Mount> mounts() {
        try {
            List<Mount> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                mounts.add(new Mount(unescape(fields[4]), fields[5]));
            }
            return mounts;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read this mount namespace's mount table", e);
        }
    }

    /** mountinfo writes space, tab, newline and backslash in a path as octal escapes ({@code \040}). */
    private static String unescape(String field) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                path.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            }
            else {
                path.append(c);
            }
        }
        return path.toString();
    }

    /**
     * A mount point and its per-mount options ({@code rw,nosuid,nodev,relatime}).
     */
    private record Mount(String point, String options) {

        /**
         * The flags a remount in a user namespace must repeat, or the kernel refuses it: those it locks on mounts
         * that came from a more privileged namespace.
         */
        long lockedFlags() {
            long flags = 0;
            for (String option : options.split(",")) {
                flags |= switch (option) {
                    case "nosuid" -> Linux.MS_NOSUID;
                    case "nodev" -> Linux.MS_NODEV;
                    case "noexec" -> Linux.MS_NOEXEC;
                    case "noatime" -> Linux.MS_NOATIME;
                    case "nodiratime" -> Linux.MS_NODIRATIME;
                    case "relatime" -> Linux.MS_RELATIME;
                    default -> 0;
                };
            }
            return flags;
        }
    }
}
