package dev.nsunit.internal.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /**
     * The calling thread's namespaces of every type this kernel has: per thread, because unshare changes only the
     * caller. A type the kernel lacks (time namespaces came with Linux 5.6, cgroup namespaces with 4.6) has no
     * entry, and {@link #of} refuses it.
     */
    public static NamespaceInodes ofCurrentThread() {
        return ofCurrentThread(EnumSet.allOf(NamespaceType.class));
    }

    /**
     * The calling thread's namespaces of the given types only: what a child compares, so that a child pays for the
     * types it asked for and no others.
     */
    public static NamespaceInodes ofCurrentThread(Set<NamespaceType> types) {
        Map<NamespaceType, Long> inodes = new EnumMap<>(NamespaceType.class);
        for (NamespaceType type : types) {
            inodeIfPresent(Path.of("/proc/thread-self/ns", type.procName())).ifPresent(inode -> inodes.put(type, inode));
        }
        return new NamespaceInodes(inodes);
    }

    /** {@link #forChildrenOfCurrentThread(Set)} for every type this kernel has. */
    public static NamespaceInodes forChildrenOfCurrentThread() {
        return forChildrenOfCurrentThread(EnumSet.allOf(NamespaceType.class));
    }

    /**
     * The namespaces of the given types a process spawned by the calling thread would be born in. After
     * {@code unshare(CLONE_NEWPID)} the kernel shows no PID namespace for children until the first child is born
     * in it (the link cannot be read); that is reported as {@link #PENDING}, which equals no real inode.
     */
    public static NamespaceInodes forChildrenOfCurrentThread(Set<NamespaceType> types) {
        Map<NamespaceType, Long> inodes = new EnumMap<>(NamespaceType.class);
        for (NamespaceType type : types) {
            Path link = Path.of("/proc/thread-self/ns", type.procNameForChildren());
            Optional<Long> inode = inodeIfPresent(link);
            if (inode.isPresent()) {
                inodes.put(type, inode.get());
            }
            else if (type == NamespaceType.PID && Files.exists(Path.of("/proc/thread-self/ns", type.procName()))) {
                inodes.put(type, PENDING);
            }
        }
        return new NamespaceInodes(inodes);
    }

    /** The inode of the namespace of this type. */
    public long of(NamespaceType type) {
        Long inode = inodes.get(type);
        if (inode == null) {
            throw new IllegalStateException("nsunit read no " + type.displayName() + " namespace here: this kernel has no "
                    + "/proc/thread-self/ns/" + type.procName() + ", or it was not asked for");
        }
        return inode;
    }

    private static Optional<Long> inodeIfPresent(Path link) {
        try {
            return Optional.of(inodeOf(link));
        }
        catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return Optional.empty();
            }
            throw e;
        }
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
