package dev.nsunit.internal.linux;

import java.nio.file.Path;
import java.util.List;

/**
 * Lets a child in a user namespace of its own mount a {@code /proc} for its PID namespace where a container runtime
 * has masked paths of {@code /proc} (Docker binds {@code /dev/null} over {@code /proc/kcore} and friends, and
 * read-only copies over {@code /proc/sys} and others). The kernel lets a user namespace mount proc only where a proc
 * mount is fully visible, and in the child's mount namespace those masks are locked: they came from a more
 * privileged namespace. So the spawner thread, still privileged, takes them away in a mount namespace of its own
 * that the child's is then copied from. The child makes {@code /proc/sys} and the other knobs read-only again on its
 * fresh {@code /proc}.
 */
public final class MaskedProc {

    private static final Path THREAD_MOUNTS = Path.of("/proc/thread-self/mountinfo");

    private MaskedProc() {
    }

    /** Whether anything is mounted below the calling thread's {@code /proc}. */
    public static boolean isMasked() {
        return !masks().isEmpty();
    }

    /**
     * Moves the calling (dedicated, never reused) thread into a new mount namespace, proves it new, makes it private
     * and detaches every mount below {@code /proc} there. Nothing is touched if the namespace is not new.
     */
    public static void unmaskForChildrenOfThisThread(Linux linux) throws ErrnoException {
        NamespaceInodes before = NamespaceInodes.ofCurrentThread();
        linux.unshare(Linux.CLONE_NEWNS);
        long mine = NamespaceInodes.ofCurrentThread().of(NamespaceType.MOUNT);
        if (mine == before.of(NamespaceType.MOUNT)) {
            throw new NotInNewNamespaceException(NamespaceType.MOUNT, mine);
        }
        // First, so that no detach here can propagate to the host's peers.
        linux.mount("none", "/", null, Linux.MS_REC | Linux.MS_PRIVATE, null);
        // The last mounted first, read anew each time: a detach takes what was mounted below a mount with it.
        for (List<String> masks = masks(); !masks.isEmpty(); masks = masks()) {
            linux.detach(masks.get(masks.size() - 1));
        }
    }

    private static List<String> masks() {
        return MountTable.read(THREAD_MOUNTS).stream().map(MountTable.Mount::point)
                .filter(point -> point.startsWith("/proc/")).toList();
    }
}
