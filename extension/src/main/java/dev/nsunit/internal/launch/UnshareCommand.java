package dev.nsunit.internal.launch;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;

/**
 * Starts a child through util-linux's {@code unshare} command, for namespaces a JVM cannot create itself. A user
 * namespace needs a single-threaded creator (the kernel refuses {@code CLONE_NEWUSER} to a multi-threaded process
 * with EINVAL), and a JVM is never single-threaded. {@code unshare} is: it creates the user namespace and the others
 * inside it in one call, writes the id maps, and then executes the child JVM, which is therefore born in all of
 * them. With a PID namespace it forks first, so the JVM is process 1 there, and kills it if it is itself killed.
 */
public final class UnshareCommand {

    private static final String NAME = "unshare";

    private UnshareCommand() {
    }

    /** Whether children for this setup must be started this way. */
    public static boolean isNeededFor(NamespaceSetup setup) {
        return setup.types().contains(NamespaceType.USER);
    }

    /** The {@code unshare} executable on the PATH, if there is one. */
    public static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, NAME);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** {@code command}, run by {@code unshare} in new namespaces of the setup's types. */
    public static List<String> wrap(Path unshare, NamespaceSetup setup, List<String> command) {
        List<String> argv = new ArrayList<>();
        argv.add(unshare.toString());
        argv.add("--map-user=" + setup.uid());
        argv.add("--map-group=" + setup.gid());
        for (NamespaceType type : setup.types()) {
            argv.add(type.unshareOption());
        }
        if (setup.types().contains(NamespaceType.PID)) {
            argv.add("--kill-child");
        }
        if (setup.types().contains(NamespaceType.MOUNT)) {
            // The child makes propagation private itself, after proving its namespace; nothing to do twice.
            argv.add("--propagation=unchanged");
        }
        argv.add("--");
        argv.addAll(command);
        return argv;
    }
}
