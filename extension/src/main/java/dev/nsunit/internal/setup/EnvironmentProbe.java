package dev.nsunit.internal.setup;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.nsunit.internal.cgroup.LimitPlan;
import dev.nsunit.internal.launch.ChildCommand;
import dev.nsunit.internal.launch.ChildEvent;
import dev.nsunit.internal.launch.ChildProcess;
import dev.nsunit.internal.launch.UnshareCommand;
import dev.nsunit.internal.linux.ClockOffsets;
import dev.nsunit.internal.linux.Errno;
import dev.nsunit.internal.linux.ErrnoException;
import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceJoin;
import dev.nsunit.internal.linux.Netem;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.UserMapping;

/**
 * Finds out, once per JVM, whether this machine lets us create the namespaces a test asks for, by doing what a
 * child needs done. A real attempt is the only honest probe: capabilities, seccomp filters, security modules
 * and sysctls all have a say, and none can be read off reliably.
 *
 * <p>Without a user namespace, each type is tried on a throwaway thread: unshare, prove the new namespace by
 * inode, then do there what a child's setup does (make mounts private, set the hostname, bring loopback up); the
 * thread then ends and its namespaces with it. With a user namespace, the whole set is tried the way a child would
 * be started: util-linux's {@code unshare} runs {@code true} in them (for a hardened child, with the identity map
 * written from here, as {@link ChildProcess} does).
 */
public final class EnvironmentProbe {

    private static final int CAP_SETGID = 6;
    private static final int CAP_SETUID = 7;
    private static final int CAP_NET_ADMIN = 12;
    private static final int PROBE_SECONDS = 10;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_SYS_TIME = 25;
    /** What a probe writes for a time namespace: the offsets a test asks for are checked against the kernel's limits. */
    private static final ClockOffsets PROBE_OFFSETS = new ClockOffsets(1, 1);
    private static final Map<NamespaceType, Boolean> IN_KERNEL = new ConcurrentHashMap<>();
    private static final String DOCKER_FLAGS =
            "--cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined";
    private static final Map<NamespaceType, Optional<Refusal>> BY_TYPE = new ConcurrentHashMap<>();
    private static final Map<Set<NamespaceType>, Optional<Refusal>> WITH_USER = new ConcurrentHashMap<>();
    private static final Map<Set<NamespaceType>, Optional<Refusal>> HARDENED = new ConcurrentHashMap<>();
    private static final Map<NamespaceJoin, Optional<Refusal>> JOINS = new ConcurrentHashMap<>();
    private static final Map<Boolean, Optional<Refusal>> NETEM = new ConcurrentHashMap<>();
    /** What the netem probe adds: the least a test can ask for. */
    private static final Netem NETEM_TRIAL = new Netem(1, 0, 0, 0);
    private static final String PRIVILEGED_HINT = "Or, for a test that needs the host's root, annotate it @Privileged.";

    private EnvironmentProbe() {
    }

    /**
     * Why a child for this setup cannot be started here, or empty if it can: what failed, then what to do about it,
     * once. A hardened child is tried as it is started; otherwise as {@link #unavailable(Set)}.
     */
    public static Optional<String> unavailable(NamespaceSetup setup) {
        Optional<Refusal> lacking = kernelLacks(setup.types());
        if (lacking.isPresent()) {
            return lacking.map(refusal -> "nsunit cannot create " + names(setup.types()) + " namespaces here: "
                    + refusal.failure() + ". " + refusal.advice());
        }
        Optional<String> namespaces = !UnshareCommand.waitsForMaps(setup) ? unavailable(setup.types())
                : hardeningRefusal(setup.types()).map(refusal -> "nsunit cannot create " + names(setup.types())
                        + " namespaces here for a hardened child (one that keeps no power over the host): "
                        + refusal.failure() + ". " + refusal.advice() + privilegedHint(setup.types()));
        if (namespaces.isPresent()) {
            return namespaces;
        }
        for (NamespaceJoin join : setup.joins()) {
            Optional<Refusal> refused = joinRefusal(join);
            if (refused.isPresent()) {
                return Optional.of(("nsunit cannot join the " + join.type().displayName() + " namespace of "
                        + join.path() + " here: " + refused.get().failure() + ". " + refused.get().advice()).strip());
            }
        }
        if (setup.netem() != null) {
            Optional<String> netem = netemRefusal(setup.types().contains(NamespaceType.USER)).map(refusal -> (
                    "nsunit cannot give this test @NetworkConditions here: " + refusal.failure() + ". "
                            + refusal.advice()).strip());
            if (netem.isPresent()) {
                return netem;
            }
        }
        return LimitPlan.refusal(setup.limits());
    }

    /**
     * Why a child could not be born in this existing namespace here, or empty if it could: found out as the spawner
     * thread does it, by joining it ({@code setns}) on a throwaway thread, which then ends.
     */
    public static Optional<Refusal> joinRefusal(NamespaceJoin join) {
        return JOINS.computeIfAbsent(join, EnvironmentProbe::probeJoin);
    }

    private static Optional<Refusal> probeJoin(NamespaceJoin join) {
        return withLinux(linux -> onThrowawayThread("nsunit-probe-join-" + join.type().procName(),
                () -> join.enter(linux))
                .map(failure -> failure instanceof ErrnoException errno && errno.errno() == Errno.EPERM
                        ? new Refusal(failure.getMessage(), hasCapability(CAP_SYS_ADMIN)
                                ? "This process has CAP_SYS_ADMIN, so a seccomp filter or security module refused the "
                                        + "call (Docker's default profile does). Start the container with "
                                        + DOCKER_FLAGS + "."
                                : "Joining a namespace takes CAP_SYS_ADMIN, which this process lacks. Run the tests "
                                        + "as root.")
                        : new Refusal(failure.getMessage(), "")));
    }

    /**
     * Why {@code @NetworkConditions} cannot be had here, or empty if they can: found out by adding a netem discipline
     * with iproute2's {@code tc} in a throwaway network namespace that util-linux's {@code unshare} makes (inside a
     * user namespace of its own where children are, so that the attempt has the powers a child has). Nothing in
     * this JVM changes namespace.
     */
    public static Optional<Refusal> netemRefusal(boolean inUserNamespace) {
        return NETEM.computeIfAbsent(inUserNamespace, EnvironmentProbe::probeNetem);
    }

    /** What tc said, from {@link Netem#run}'s message: what follows the exit status. */
    private static String tcWords(String failure) {
        int status = failure.indexOf(" failed with exit status ");
        int words = failure.indexOf(": ", status);
        return status < 0 || words < 0 ? failure : failure.substring(words + 2);
    }

    private static Optional<Refusal> probeNetem(boolean inUserNamespace) {
        Optional<Path> tc = Netem.findTc();
        if (tc.isEmpty()) {
            return Optional.of(new Refusal("iproute2's tc command, which sets up the netem queueing discipline, is not "
                    + "on the PATH (nor in /usr/sbin or /sbin)", "Install iproute2."));
        }
        Optional<Path> unshare = UnshareCommand.find();
        if (unshare.isEmpty()) {
            return Optional.of(new Refusal("util-linux's unshare command, which makes a network namespace to try "
                    + "netem in, is not on the PATH", "Install util-linux."));
        }
        List<String> command = new ArrayList<>(List.of(unshare.get().toString()));
        if (inUserNamespace) {
            command.addAll(List.of("--user", "--map-root-user"));
        }
        command.addAll(List.of("--net", "--", tc.get().toString()));
        command.addAll(NETEM_TRIAL.tcArguments());
        try {
            Netem.run(command);
            return Optional.empty();
        }
        catch (IllegalStateException failed) {
            if (failed.getMessage().contains(Netem.UNKNOWN_QDISC)) {
                return Optional.of(new Refusal("the kernel has no netem queueing discipline (sch_netem): tc "
                        + String.join(" ", NETEM_TRIAL.tcArguments()) + ", in a new network namespace, said \""
                        + tcWords(failed.getMessage()) + "\"", "Load it with "
                        + "modprobe sch_netem (on Ubuntu it is in the package linux-modules-extra-$(uname -r)), or "
                        + "run the tests on a kernel built with CONFIG_NET_SCH_NETEM."));
            }
            return Optional.of(new Refusal(failed.getMessage(), ""));
        }
    }

    /**
     * Why a hardened child in new namespaces of these types (a user namespace among them) could not be started
     * here, or empty if it could.
     */
    public static Optional<Refusal> hardeningRefusal(Set<NamespaceType> types) {
        Optional<Refusal> lacking = kernelLacks(types);
        if (lacking.isPresent()) {
            return lacking;
        }
        return HARDENED.computeIfAbsent(EnumSet.copyOf(types), EnvironmentProbe::probeHardened);
    }

    /**
     * Why the given types cannot be isolated here, or empty if they all can: what failed, then what to do about
     * it, once.
     */
    public static Optional<String> unavailable(Set<NamespaceType> types) {
        Optional<Refusal> lacking = kernelLacks(types);
        if (lacking.isPresent()) {
            return lacking.map(refusal -> "nsunit cannot create " + names(types) + " namespaces here: "
                    + refusal.failure() + ". " + refusal.advice());
        }
        if (types.contains(NamespaceType.USER)) {
            return WITH_USER.computeIfAbsent(EnumSet.copyOf(types), EnvironmentProbe::probeWithUser)
                    .map(refusal -> "nsunit cannot create " + names(types) + " namespaces here: " + refusal.failure()
                            + ". " + refusal.advice());
        }
        List<String> refusedTypes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Set<String> advice = new LinkedHashSet<>();
        for (NamespaceType type : types) {
            refusal(type).ifPresent(refusal -> {
                refusedTypes.add(type.displayName());
                failures.add(refusal.failure());
                advice.add(refusal.advice());
            });
        }
        if (refusedTypes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(("nsunit cannot create " + inWords(refusedTypes) + " namespaces here: "
                + String.join("; ", failures) + ". " + String.join(" ", advice)).strip());
    }

    /**
     * Why a test asking for this type alone could not have it here, or empty if it could: {@link #unavailable(Set)}
     * for one type, with what failed and the advice kept apart. For every type but {@link NamespaceType#USER} that
     * is the answer of the throwaway thread (a child would be spawned from an unshared thread); for
     * {@code USER}, of util-linux's {@code unshare} command.
     */
    public static Optional<Refusal> refusal(NamespaceType type) {
        Optional<Refusal> lacking = kernelLacks(EnumSet.of(type));
        if (lacking.isPresent()) {
            return lacking;
        }
        if (type == NamespaceType.USER) {
            return WITH_USER.computeIfAbsent(EnumSet.of(type), EnvironmentProbe::probeWithUser);
        }
        if (type == NamespaceType.TIME) {
            return BY_TYPE.computeIfAbsent(type, time -> probeTime());
        }
        return BY_TYPE.computeIfAbsent(type, EnvironmentProbe::probe);
    }

    /**
     * Whether this kernel lacks a type asked for. Only the two types younger than the kernels nsunit otherwise
     * meets are looked at, once each, so a test asking for the others pays nothing here.
     */
    private static Optional<Refusal> kernelLacks(Set<NamespaceType> types) {
        for (NamespaceType type : List.of(NamespaceType.CGROUP, NamespaceType.TIME)) {
            if (types.contains(type) && !IN_KERNEL.computeIfAbsent(type,
                    each -> Files.exists(Path.of("/proc/self/ns", each.procName())))) {
                String since = type == NamespaceType.TIME ? "5.6" : "4.6";
                return Optional.of(new Refusal("this kernel has no " + type.displayName() + " namespaces (there is no "
                        + "/proc/self/ns/" + type.procName() + ")", "They came with Linux " + since + "; run these "
                        + "tests on a kernel that has them, or leave out the annotation that asks for them."));
            }
        }
        return Optional.empty();
    }

    /**
     * A time namespace is created as a child's is, by util-linux's {@code unshare} (see {@link UnshareCommand}),
     * with offsets: writing them takes CAP_SYS_TIME, which a process may lack where it may create namespaces.
     */
    private static Optional<Refusal> probeTime() {
        Optional<Path> unshare = UnshareCommand.find();
        if (unshare.isEmpty()) {
            return Optional.of(new Refusal("util-linux's unshare command, which creates time namespaces for nsunit, "
                    + "is not on the PATH", "Install util-linux."));
        }
        NamespaceSetup withOffsets = new NamespaceSetup(EnumSet.of(NamespaceType.TIME), "", "", List.of(), List.of(),
                List.of(), List.of(), UserMapping.IDENTITY, false, PROBE_OFFSETS, List.of(), null);
        List<String> command = UnshareCommand.wrap(unshare.get(), withOffsets, List.of("true"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() == 0) {
                return Optional.empty();
            }
            String failure = String.join(" ", command) + " failed: " + output;
            if (output.contains("timens_offsets") && !hasCapability(CAP_SYS_TIME)) {
                return Optional.of(new Refusal(failure, "Writing a time namespace's clock offsets takes CAP_SYS_TIME, "
                        + "which this process lacks (a container's default). Start the container with --cap-add "
                        + "SYS_TIME, or leave out @Privileged: a hardened child holds CAP_SYS_TIME in a user namespace "
                        + "of its own."));
            }
            if (!hasCapability(CAP_SYS_ADMIN)) {
                return Optional.of(new Refusal(failure, "This process lacks CAP_SYS_ADMIN. Run the tests as root, or "
                        + "in a container started with " + DOCKER_FLAGS + "." + rootlessHint()));
            }
            return Optional.of(new Refusal(failure, "This process has CAP_SYS_ADMIN, so a seccomp filter or security "
                    + "module refused the call (Docker's default profile does). Start the container with "
                    + DOCKER_FLAGS + "."));
        }
        catch (IOException e) {
            return Optional.of(new Refusal("cannot run " + unshare.get() + ": " + e.getMessage(), "Make it "
                    + "executable for this user, or put util-linux's unshare first on the PATH."));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Refusal("interrupted while probing", ""));
        }
    }

    /**
     * Why a test asking for this type together with a user namespace (as with {@code @IsolatedUser}) could not
     * have them here, or empty if it could. Tried the way such a child is started: by util-linux's {@code unshare}.
     */
    public static Optional<Refusal> refusalInsideUserNamespace(NamespaceType type) {
        return WITH_USER.computeIfAbsent(EnumSet.of(NamespaceType.USER, type), EnvironmentProbe::probeWithUser);
    }

    private static Optional<Refusal> probe(NamespaceType type) {
        return withLinux(linux -> onThrowawayThread("nsunit-probe-" + type.procName(),
                () -> tryOnThisThread(linux, type)).map(failure -> explain(type, failure)));
    }

    /** The probe's answer, given this JVM's binding; where there can be none, that is the answer. */
    private static Optional<Refusal> withLinux(Function<Linux, Optional<Refusal>> probe) {
        Linux linux;
        try {
            linux = Linux.get();
        }
        catch (UnsupportedOperationException e) {
            return Optional.of(new Refusal(e.getMessage(), "Run the tests on Linux."));
        }
        return probe.apply(linux);
    }

    /** What one attempt on the calling thread may throw: an unshare or setns changes the thread for good. */
    private interface Attempt {
        void run() throws Exception;
    }

    /**
     * Runs the attempt on a thread of its own, which then ends with whatever namespaces it entered, and returns
     * what it threw, if anything. Not interruptible on purpose: an attempt takes a millisecond, and its answer is
     * cached for good.
     */
    private static Optional<Throwable> onThrowawayThread(String name, Attempt attempt) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                attempt.run();
                done.complete(null);
            }
            catch (Throwable failure) {
                done.completeExceptionally(failure);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        try {
            done.join();
            return Optional.empty();
        }
        catch (CompletionException e) {
            return Optional.of(e.getCause());
        }
    }

    private static void tryOnThisThread(Linux linux, NamespaceType type) throws ErrnoException {
        if (type == NamespaceType.PID) {
            // Only future children enter a new PID namespace, and there is nothing to set up in it.
            NamespaceInodes before = NamespaceInodes.forChildrenOfCurrentThread(EnumSet.of(type));
            linux.unshare(type.cloneFlag());
            if (NamespaceInodes.forChildrenOfCurrentThread(EnumSet.of(type)).of(type) == before.of(type)) {
                throw new IllegalStateException("unshare(CLONE_NEWPID) left the PID namespace for children unchanged");
            }
            return;
        }
        NamespaceInodes before = NamespaceInodes.ofCurrentThread(EnumSet.of(type));
        linux.unshare(type.cloneFlag());
        String hostname = type == NamespaceType.UTS ? "nsunit-probe" : "";
        new NamespaceSetup(EnumSet.of(type), hostname, "", List.of(), List.of(), List.of(), List.of(), UserMapping.IDENTITY,
                false).apply(linux, before);
    }

    private static Refusal explain(NamespaceType type, Throwable failure) {
        String what = failure.getMessage();
        if (type == NamespaceType.NETWORK && failure instanceof ErrnoException errno && errno.errno() == Errno.EPERM
                && what.startsWith("ioctl") && !hasCapability(CAP_NET_ADMIN)) {
            // The namespace was created (CAP_SYS_ADMIN suffices), but bringing loopback up takes CAP_NET_ADMIN.
            return new Refusal(what, Hardening.runsAsRoot()
                    ? "Bringing loopback up in a new network namespace needs CAP_NET_ADMIN, which this process lacks "
                            + "although it runs as root, as in a container started without it. Start the container "
                            + "with --cap-add NET_ADMIN."
                    : "Bringing loopback up in a new network namespace needs CAP_NET_ADMIN, which this process lacks. "
                            + "Run the tests as root, or in a container add --cap-add NET_ADMIN.");
        }
        if (failure instanceof ErrnoException errno && errno.errno() == Errno.EPERM) {
            if (!hasCapability(CAP_SYS_ADMIN) && Hardening.runsAsRoot()) {
                // Root without the capability: a container started without it. Only a @Privileged test asks this
                // probe then; a hardened child needs no CAP_SYS_ADMIN of its parent.
                return new Refusal(what, "This process runs as root but lacks CAP_SYS_ADMIN, as in a container "
                        + "started without it, and a @Privileged test needs it. Start the container with "
                        + DOCKER_FLAGS + ", or leave out @Privileged: a hardened child needs no CAP_SYS_ADMIN.");
            }
            if (!hasCapability(CAP_SYS_ADMIN)) {
                return new Refusal(what, "This process lacks CAP_SYS_ADMIN. Run the tests as root, or in a container "
                        + "started with " + DOCKER_FLAGS + "." + rootlessHint());
            }
            return new Refusal(what, "This process has CAP_SYS_ADMIN, so a seccomp filter or security module refused "
                    + "the call (Docker's default profile does). Start the container with " + DOCKER_FLAGS + ".");
        }
        if (failure instanceof ErrnoException errno && errno.errno() == Errno.EINVAL) {
            return new Refusal(what, "This kernel does not support " + type.displayName() + " namespaces.");
        }
        return new Refusal(what, "");
    }

    /** Suggests {@code @IsolatedUser} only where it would work: found out by trying, not by reading sysctls. */
    private static String rootlessHint() {
        boolean userNamespacesWork = WITH_USER.computeIfAbsent(EnumSet.of(NamespaceType.USER),
                EnvironmentProbe::probeWithUser).isEmpty();
        return userNamespacesWork ? " Or add @IsolatedUser: this machine lets unprivileged users create user "
                + "namespaces, and the other namespaces inside one need no privilege." : "";
    }

    private static Optional<Refusal> probeWithUser(Set<NamespaceType> types) {
        Optional<Path> unshare = UnshareCommand.find();
        if (unshare.isEmpty()) {
            return Optional.of(new Refusal("util-linux's unshare command, which creates user namespaces for nsunit, "
                    + "is not on the PATH", "Install util-linux."));
        }
        NamespaceSetup asIsolatedUser = new NamespaceSetup(types, "", "", List.of(), List.of(), List.of(), List.of(),
                new UserMapping.InvokingUser(0, 0), false);
        List<String> command = UnshareCommand.wrap(unshare.get(), asIsolatedUser, List.of("true"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = process.waitFor();
            if (status == 0) {
                return Optional.empty();
            }
            return Optional.of(new Refusal(String.join(" ", command) + " failed: " + output, "The kernel or a "
                    + "security policy here forbids unprivileged user namespaces. Allow them (sysctl "
                    + "kernel.unprivileged_userns_clone=1 where it exists, a non-zero user.max_user_namespaces, on "
                    + "Ubuntu kernel.apparmor_restrict_unprivileged_userns=0; in Docker, the default seccomp profile "
                    + "forbids them: add --security-opt seccomp=unconfined), or run the tests as root without "
                    + "@IsolatedUser."));
        }
        catch (IOException e) {
            return Optional.of(new Refusal("cannot run " + unshare.get() + ": " + e.getMessage(), "Make it "
                    + "executable for this user, or put util-linux's unshare first on the PATH."));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Refusal("interrupted while probing", ""));
        }
    }

    private static Optional<Refusal> probeHardened(Set<NamespaceType> types) {
        if (UnshareCommand.find().isEmpty()) {
            return Optional.of(new Refusal("util-linux's unshare command, which creates the user namespace of a "
                    + "hardened child, is not on the PATH", "Install util-linux."));
        }
        return withLinux(linux -> startHardened(linux, types));
    }

    /** Starts a trial child as a hardened one is started, and says how it ended. */
    private static Optional<Refusal> startHardened(Linux linux, Set<NamespaceType> types) {
        // With offsets where there is a time namespace, since writing them is part of starting such a child.
        NamespaceSetup setup = types.contains(NamespaceType.TIME) ? new NamespaceSetup(types, "", "", List.of(),
                List.of(), List.of(), List.of(), UserMapping.IDENTITY, false, PROBE_OFFSETS, List.of(), null)
                : NamespaceSetup.bare(types);
        try (ChildProcess child = ChildProcess.start(linux, setup, new ChildCommand(List.of("/bin/sh", "-c", ":")))) {
            ChildEvent event;
            while ((event = child.nextEvent(PROBE_SECONDS, TimeUnit.SECONDS)) != null) {
                if (event instanceof ChildEvent.Exited exited) {
                    if (exited.status().exited() && exited.status().exitCode() == 0) {
                        return Optional.empty();
                    }
                    return Optional.of(new Refusal("a trial child, started as a hardened one is (util-linux's unshare "
                            + options(types) + "), failed with " + exited.status().describe() + ": "
                            + String.join(" ", child.stderrLastWords()).strip(), userNamespaceAdvice()));
                }
            }
            return Optional.of(new Refusal("a hardened child did not exit within " + PROBE_SECONDS + " s", ""));
        }
        catch (IOException | RuntimeException e) {
            if (!hasCapability(CAP_SETUID) || !hasCapability(CAP_SETGID)) {
                return Optional.of(new Refusal(e.getMessage(), "Writing a child's identity map takes CAP_SETUID and "
                        + "CAP_SETGID, and this process lacks one of them: run the tests as root with both."));
            }
            return Optional.of(new Refusal(e.getMessage(), userNamespaceAdvice()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Refusal("interrupted while probing", ""));
        }
    }

    /** Suggests {@code @Privileged} only where it would work: found out by trying. */
    private static String privilegedHint(Set<NamespaceType> types) {
        Set<NamespaceType> privileged = EnumSet.copyOf(types);
        privileged.remove(NamespaceType.USER);
        return unavailable(privileged).isEmpty() ? " " + PRIVILEGED_HINT : "";
    }

    private static String options(Set<NamespaceType> types) {
        return String.join(" ", types.stream().map(NamespaceType::unshareOption).toList());
    }

    private static String userNamespaceAdvice() {
        if (!hasCapability(CAP_SYS_ADMIN)) {
            // Children are hardened for root or CAP_SYS_ADMIN, so a process without the capability here is root.
            return "This process runs as root but lacks CAP_SYS_ADMIN, as in a container started without it, and "
                    + "Docker's default seccomp profile then refuses user namespaces too. Start the container with "
                    + DOCKER_FLAGS + ".";
        }
        return "The kernel or a security policy here forbids user namespaces. Allow them (a non-zero sysctl "
                + "user.max_user_namespaces; a seccomp filter or security module may refuse them too: in Docker, add "
                + "--security-opt seccomp=unconfined), or annotate the tests @Privileged.";
    }

    private static String names(Set<NamespaceType> types) {
        return inWords(types.stream().map(NamespaceType::displayName).toList());
    }

    /** "UTS", "UTS and mount", "UTS, network and PID". */
    private static String inWords(List<String> names) {
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** Whether this process has CAP_SYS_ADMIN in its effective set, as /proc/self/status shows it. */
    public static boolean hasSysAdmin() {
        return hasCapability(CAP_SYS_ADMIN);
    }

    private static boolean hasCapability(int capability) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return new BigInteger(line.substring("CapEff:".length()).trim(), 16).testBit(capability);
                }
            }
        }
        catch (IOException | NumberFormatException unreadable) {
            // fall through: say what we know
        }
        return false;
    }

    /**
     * Why namespaces could not be created here.
     *
     * @param failure what failed, for example {@code unshare(CLONE_NEWUTS) failed: EPERM (Operation not permitted)}
     * @param advice  what the user can do about it, or empty where nsunit knows no remedy
     */
    public record Refusal(String failure, String advice) {
    }
}
