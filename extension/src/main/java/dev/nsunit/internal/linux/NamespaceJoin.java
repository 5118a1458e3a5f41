package dev.nsunit.internal.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An existing namespace a child is to be born in instead of a new one ({@code @JoinNamespace}): its type, the nsfs
 * file that names it ({@code /run/netns/blue}, {@code /proc/1234/ns/net}) and that file's identity when the test's
 * setup was checked. A namespace is the same one exactly when device and inode are, so the spawner thread joins
 * only the namespace that was checked (not one made at the same path since), and the child proves it is in it
 * before anything else happens.
 *
 * @param type   the namespace type; the kernel refuses to join a file of another
 * @param path   the absolute path of the nsfs file, as the test named it
 * @param device the file's device ({@code st_dev}: nsfs has one for all namespaces)
 * @param inode  the file's inode ({@code st_ino}): the namespace's identity, as {@code /proc/<pid>/ns} links show it
 */
public record NamespaceJoin(NamespaceType type, String path, long device, long inode) {

    private static final Path OWN_THREAD = Path.of("/proc/thread-self");

    /** Device and inode of the file a path names, following links ({@code /proc/<pid>/ns/net} is one). */
    public static long[] identity(Path path) throws IOException {
        return new long[] {((Number) Files.getAttribute(path, "unix:dev")).longValue(),
            ((Number) Files.getAttribute(path, "unix:ino")).longValue()};
    }

    /** Whether the calling thread is in this namespace now, as its own {@code /proc/thread-self/ns} entry says. */
    public boolean holdsCurrentThread() {
        try {
            return matches(identity(OWN_THREAD.resolve("ns").resolve(type.procName())));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read this thread's " + type.procName() + " namespace", e);
        }
    }

    /**
     * Moves the calling thread into this namespace: for a dedicated spawner thread (setns changes only the caller),
     * before it creates any new namespace, so that a child's own user namespace, made after, leaves the joined
     * namespace with its owner. The open file is checked to be the namespace that was checked before, and the
     * thread to be in it after.
     *
     * @throws IllegalStateException before joining, if the path names another namespace now; after, if the thread
     *                               is not in it
     */
    public void enter(Linux linux) throws ErrnoException {
        int fd = linux.openReadOnly(path);
        try {
            long[] opened;
            try {
                opened = identity(OWN_THREAD.resolve("fd").resolve(Integer.toString(fd)));
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot read what " + path + " names", e);
            }
            if (!matches(opened)) {
                throw new IllegalStateException(path + " names another " + type.displayName() + " namespace (inode "
                        + opened[1] + ") than when the test's setup was checked (inode " + inode + "); it was made "
                        + "anew in between, so not joining it");
            }
            linux.setns(fd, type.cloneFlag());
        }
        finally {
            linux.close(fd);
        }
        if (!holdsCurrentThread()) {
            throw new IllegalStateException("setns into " + path + " succeeded but this thread is not in its "
                    + type.displayName() + " namespace (inode " + inode + "); not starting a child");
        }
    }

    /**
     * Proves that the calling thread is in this namespace; a child calls it before it changes anything.
     *
     * @throws NotInJoinedNamespaceException if it is not
     */
    public void prove() {
        if (!holdsCurrentThread()) {
            throw new NotInJoinedNamespaceException(this);
        }
    }

    private boolean matches(long[] identity) {
        return identity[0] == device && identity[1] == inode;
    }
}
