package dev.nsunit.internal.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A mount namespace's mounts, in mount order, from a {@code mountinfo} file: read there rather than probed with
 * statvfs, which would trigger an automount (systemd's binfmt_misc below /proc/sys is one).
 */
public final class MountTable {

    private MountTable() {
    }

    /**
     * The mounts listed in {@code mountinfo}: {@code /proc/self/mountinfo} for the process's mount namespace,
     * {@code /proc/thread-self/mountinfo} for a thread that has unshared its own.
     */
    static List<Mount> read(Path mountinfo) {
        try {
            List<Mount> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(mountinfo)) {
                String[] fields = line.split(" ");
                mounts.add(new Mount(unescape(fields[4]), fields[5]));
            }
            return mounts;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read this mount namespace's mount table", e);
        }
    }

    /** mountinfo writes space, tab, newline and backslash in a path as octal escapes ({@code \\040}). */
    public static String unescape(String field) {
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

    /** A mount point and its per-mount options ({@code rw,nosuid,nodev,relatime}). */
    record Mount(String point, String options) {

        boolean readOnly() {
            return List.of(options.split(",")).contains("ro");
        }

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
