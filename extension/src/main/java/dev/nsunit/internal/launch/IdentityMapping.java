package dev.nsunit.internal.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives a hardened child its identity map from outside: every id this JVM's user namespace maps, mapped to itself
 * (on a machine's own root, {@code 0 0 4294967295}). Only a process with {@code CAP_SETUID} over the parent
 * namespace may write more than one id, and the child's own {@code unshare} has none there once it has unshared.
 *
 * <p>The child ({@link UnshareCommand}'s waiting shell) says it is born once its namespaces exist; the maps are
 * written; a line on its control pipe releases it into the child JVM. Its user namespace is proven new by inode
 * before anything is written.
 */
final class IdentityMapping {

    /**
     * This JVM's own user namespace and the maps written from its ranges. A JVM cannot leave its user namespace (the
     * kernel lets only a single-threaded process enter or create one), and a namespace's maps are written once, so
     * they are read once, not for every child.
     */
    private static volatile Own own;

    private IdentityMapping() {
    }

    /**
     * Writes the maps of a child that is born and waits ({@link ChildProcess} reads that it is born, and releases
     * it).
     *
     * @throws IOException if the maps cannot be written
     */
    static void write(long pid) throws IOException {
        Own own = own();
        Path process = Path.of("/proc", Long.toString(pid));
        if (Files.readSymbolicLink(process.resolve("ns/user")).equals(own.userNamespace())) {
            throw new IllegalStateException("The child " + pid + " says it is born, but it is in this JVM's own user "
                    + "namespace; not writing its id maps");
        }
        writeMap(process.resolve("uid_map"), own.uidMap());
        writeMap(process.resolve("gid_map"), own.gidMap());
    }

    private static Own own() throws IOException {
        Own known = own;
        if (known == null) {
            // Two threads releasing children at once may both read them; they read the same.
            known = new Own(Files.readSymbolicLink(Path.of("/proc/self/ns/user")),
                    identityOf(Path.of("/proc/self/uid_map")), identityOf(Path.of("/proc/self/gid_map")));
            own = known;
        }
        return known;
    }

    private record Own(Path userNamespace, String uidMap, String gidMap) {
    }

    /** Each of this JVM's ranges ({@code inside outside count}) as the same ids inside and outside. */
    private static String identityOf(Path ownMap) throws IOException {
        StringBuilder map = new StringBuilder();
        for (String line : Files.readAllLines(ownMap)) {
            String[] range = line.strip().split("\\s+");
            map.append(range[0]).append(' ').append(range[0]).append(' ').append(range[2]).append('\n');
        }
        return map.toString();
    }

    private static void writeMap(Path childMap, String map) throws IOException {
        try {
            // One write: the kernel takes a map in a single write and refuses a second.
            Files.write(childMap, map.getBytes(StandardCharsets.US_ASCII));
        }
        catch (IOException e) {
            throw new IOException("writing the identity map \"" + map.strip().replace("\n", ", ")
                    + "\" to " + childMap + " failed: " + reason(e), e);
        }
    }

    /** The kernel's words, without the path Java puts first. */
    private static String reason(IOException e) {
        return e instanceof FileSystemException fileSystem && fileSystem.getReason() != null
                ? fileSystem.getReason() : e.getMessage();
    }
}
