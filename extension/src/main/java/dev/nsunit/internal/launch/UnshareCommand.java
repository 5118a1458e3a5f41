package dev.nsunit.internal.launch;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.UserMapping;

/**
 * Starts a child through util-linux's {@code unshare} command, for namespaces a JVM cannot create itself. A user
 * namespace needs a single-threaded creator (the kernel refuses {@code CLONE_NEWUSER} to a multi-threaded process
 * with EINVAL), and a JVM is never single-threaded. {@code unshare} is: it creates the user namespace and the others
 * inside it in one call, and then executes the child JVM, which is therefore born in all of them. With a PID
 * namespace it forks first, so the JVM is process 1 there, and kills it if it is itself killed.
 *
 * <p>A time namespace is always created this way, with or without a user namespace: its clock offsets can only be
 * written to {@code /proc/<pid>/timens_offsets}, which the kernel keeps per process (for the namespace the
 * process's main thread would give its children), not per thread, so a spawner thread of the test JVM cannot set
 * them for its own children. {@code unshare} is a process of its own: it writes them ({@code --monotonic},
 * {@code --boottime}) right after it unshares, before any process is in the namespace (the kernel refuses them
 * after). Like a PID namespace, a time namespace takes in only the creator's future children, so it forks first
 * here too: the JVM is its child, born in the namespace on every kernel that has time namespaces (entering one at
 * {@code exec} without a fork needs a later kernel).
 *
 * <p>The invoking user alone ({@code @IsolatedUser}) is mapped by {@code unshare} itself. An identity map of every
 * id (a hardened child) can only be written from outside, by a process with {@code CAP_SETUID} over the parent
 * namespace, and before the child JVM starts (which reads its user's name and home once, at start-up). So
 * {@code unshare} executes a shell that says it is born, on descriptor {@value #BORN_FD}, and waits for a line on
 * the control pipe before it executes the JVM; {@link IdentityMapping} writes the maps in between.
 */
public final class UnshareCommand {

    private static final String NAME = "unshare";
    /** The descriptor on which a child waiting for its identity map says it is born. */
    static final int BORN_FD = 5;
    /** On the control pipe, descriptor 4, the parent's line releases it. {@code exec} keeps the process. */
    private static final String WAIT_FOR_MAPS = "printf x >&" + BORN_FD + " && exec " + BORN_FD + ">&- && read -r _ <&4"
            + " && exec \"$@\"";
    private static final String SHELL = "/bin/sh";

    private UnshareCommand() {
    }

    /** Whether children for this setup must be started this way. */
    public static boolean isNeededFor(NamespaceSetup setup) {
        return setup.types().contains(NamespaceType.USER) || setup.types().contains(NamespaceType.TIME);
    }

    /** Whether a child for this setup waits for the parent to write its identity map ({@link IdentityMapping}). */
    public static boolean waitsForMaps(NamespaceSetup setup) {
        return setup.types().contains(NamespaceType.USER) && setup.users() instanceof UserMapping.Identity;
    }

    /**
     * Whether a child for this setup is born as a shell that waits for the parent before it executes the JVM: for
     * its identity map, or to be put into the cgroups of its resource limits, so that not one instruction the
     * limits should govern runs outside them.
     */
    public static boolean waitsForParent(NamespaceSetup setup) {
        return waitsForMaps(setup) || !setup.limits().isEmpty();
    }

    /**
     * Whether the child's cgroup namespace is made only once the parent has put it into its limits' cgroups: a
     * cgroup namespace's root is its creator's cgroup at that moment, and a test with {@code @Limits} must see the
     * cgroup that limits it as {@code /}, as a container sees its own. The waiting shell, released, then runs
     * {@code unshare --cgroup} in front of the command ({@link #cgroupNamespaceLast}).
     */
    public static boolean makesCgroupNamespaceAfterRelease(NamespaceSetup setup) {
        return setup.types().contains(NamespaceType.CGROUP) && !setup.limits().isEmpty();
    }

    /** The command behind {@code unshare --cgroup}, for a child that makes its cgroup namespace last. */
    public static List<String> cgroupNamespaceLast(Path unshare, List<String> command) {
        List<String> argv = new ArrayList<>(List.of(unshare.toString(), NamespaceType.CGROUP.unshareOption(), "--"));
        argv.addAll(command);
        return argv;
    }

    /**
     * The command behind a shell that says it is born, on descriptor {@value #BORN_FD}, and waits for a line on the
     * control pipe before it executes the command, keeping its process.
     */
    static List<String> waitingForParent(List<String> command) {
        List<String> argv = new ArrayList<>(List.of(SHELL, "-c", WAIT_FOR_MAPS, "nsunit-child"));
        argv.addAll(command);
        return argv;
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
        if (setup.users() instanceof UserMapping.InvokingUser user) {
            argv.add("--map-user=" + user.uid());
            argv.add("--map-group=" + user.gid());
        }
        for (NamespaceType type : setup.types()) {
            if (type != NamespaceType.CGROUP || !makesCgroupNamespaceAfterRelease(setup)) {
                argv.add(type.unshareOption());
            }
        }
        if (setup.clocks().monotonicSeconds() != 0) {
            argv.add("--monotonic=" + setup.clocks().monotonicSeconds());
        }
        if (setup.clocks().boottimeSeconds() != 0) {
            argv.add("--boottime=" + setup.clocks().boottimeSeconds());
        }
        if (setup.types().contains(NamespaceType.PID) || setup.types().contains(NamespaceType.TIME)) {
            // Fork, so that the JVM is born in the namespaces only children enter; and die with unshare.
            argv.add("--kill-child");
        }
        if (setup.types().contains(NamespaceType.MOUNT)) {
            // The child makes propagation private itself, after proving its namespace; nothing to do twice.
            argv.add("--propagation=unchanged");
        }
        argv.add("--");
        List<String> rest = makesCgroupNamespaceAfterRelease(setup) ? cgroupNamespaceLast(unshare, command) : command;
        argv.addAll(waitsForParent(setup) ? waitingForParent(rest) : rest);
        return argv;
    }
}
