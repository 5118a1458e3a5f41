package dev.nsunit.internal.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The namespace identities of the calling thread, read from {@code /proc/thread-self/ns}. Two namespaces are the
 * same exactly when their inodes are equal, which is how nsunit proves it is in a new namespace before it
 * changes anything there.
 */
public record NamespaceInodes(Map<NamespaceType, Long> inodes) {

    /** A namespace for children that exists but has no process yet, so no inode can be read. */
    public static final long PENDING = -1;

    private static final Pattern LINK = Pattern.compile("[a-z_]+:\\[(\\d+)]");

    public NamespaceInodes {
        inodes = Map.copyOf(inodes);
    }

    /** The calling thread's namespaces: per thread, because unshare changes only the caller. */
    public static NamespaceInodes ofCurrentThread() {
        Map<NamespaceType, Long> inodes = new EnumMap<>(NamespaceType.class);
        for (NamespaceType type : NamespaceType.values()) {
            inodes.put(type, inodeOf(Path.of("/proc/thread-self/ns", type.procName())));
        }
        return new NamespaceInodes(inodes);
    }

    /**
     * The namespaces a process spawned by the calling thread would be born in. After {@code unshare(CLONE_NEWPID)}
     * the kernel shows no PID namespace for children until the first child is born in it (the link cannot be
     * read); that is reported as {@link #PENDING}, which equals no real inode.
     */
    public static NamespaceInodes forChildrenOfCurrentThread() {
        Map<NamespaceType, Long> inodes = new EnumMap<>(NamespaceType.class);
        for (NamespaceType type : NamespaceType.values()) {
            Path link = Path.of("/proc/thread-self/ns", type.procNameForChildren());
            if (type == NamespaceType.PID && !Files.exists(link)) {
                inodes.put(type, PENDING);
            }
            else {
                inodes.put(type, inodeOf(link));
            }
        }
        return new NamespaceInodes(inodes);
    }

    public long of(NamespaceType type) {
        return inodes.get(type);
    }

    static long inodeOf(Path link) {
        try {
            String target = Files.readSymbolicLink(link).toString();
            Matcher matcher = LINK.matcher(target);
            if (!matcher.matches()) {
                throw new IllegalStateException("Unexpected namespace link " + link + " -> " + target);
            }
            return Long.parseLong(matcher.group(1));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read namespace link " + link, e);
        }
    }
}
