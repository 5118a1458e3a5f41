package dev.nsunit.internal.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 digests of files' content, remembered in a cache directory so that a run does not read every jar again.
 * A digest is remembered under the file's identity: its path, inode, size, modification time and status-change
 * time ({@code ctime}). Any write to a file changes its {@code ctime}, which no program can set back, so a file
 * whose content changed never matches a remembered digest, even with its size and modification time restored.
 *
 * <p>The index is a cache of facts: a missing, unreadable or damaged index only means digests are computed
 * again, and two JVMs writing it at once can only lose each other's entries.
 */
final class DigestIndex {

    static final String FILE_NAME = "digests";
    private static final String SEPARATOR = "\t";

    private final Path file;
    private final Map<String, String> known = new LinkedHashMap<>();
    private boolean changed;

    private DigestIndex(Path file) {
        this.file = file;
    }

    /** The index kept in the directory, or an empty one if there is none (or it cannot be read). */
    static DigestIndex in(Path directory) {
        DigestIndex index = new DigestIndex(directory.resolve(FILE_NAME));
        try {
            for (String line : Files.readAllLines(index.file)) {
                String[] fields = line.split(SEPARATOR);
                if (fields.length == 2) {
                    index.known.put(fields[0], fields[1]);
                }
            }
        }
        catch (IOException | RuntimeException missingOrUnreadable) {
            index.known.clear();
        }
        return index;
    }

    /** The digest of the file's content, remembered or computed. */
    synchronized String digest(Path path) throws IOException {
        String identity = identity(path);
        String digest = known.get(identity);
        if (digest == null) {
            digest = compute(path);
            known.put(identity, digest);
            changed = true;
        }
        return digest;
    }

    /**
     * Writes the index back if it learnt something, without the entries of files that are gone or were written
     * since; failing to write is no problem, as it is only a cache.
     */
    synchronized void save() {
        if (!changed) {
            return;
        }
        known.keySet().removeIf(DigestIndex::isStale);
        try {
            CacheFile.replace(file, known.entrySet().stream()
                    .map(entry -> entry.getKey() + SEPARATOR + entry.getValue()).toList());
            changed = false;
        }
        catch (IOException | RuntimeException notWritable) {
            // nothing more to do for a cache
        }
    }

    /** Whether the identity is no longer that of the file at its path. */
    private static boolean isStale(String identity) {
        // The path is what comes before the identity's last four fields (inode, size, mtime, ctime).
        int end = identity.length();
        for (int field = 0; field < 4 && end > 0; field++) {
            end = identity.lastIndexOf(' ', end - 1);
        }
        try {
            return end <= 0 || !identity.equals(identity(Path.of(identity.substring(0, end))));
        }
        catch (IOException | RuntimeException goneOrUnreadable) {
            return true;
        }
    }

    private static String identity(Path path) throws IOException {
        Map<String, Object> unix = Files.readAttributes(path, "unix:ino,size,lastModifiedTime,ctime");
        return String.join(" ", path.toAbsolutePath().normalize().toString().replace(SEPARATOR, " "),
                unix.get("ino").toString(), unix.get("size").toString(),
                Long.toString(((FileTime) unix.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS)),
                Long.toString(((FileTime) unix.get("ctime")).to(TimeUnit.NANOSECONDS)));
    }

    /** Reads the whole file: the digest of its content. */
    static String compute(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
