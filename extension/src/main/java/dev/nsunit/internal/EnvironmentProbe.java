package dev.nsunit.internal;

import java.io.IOException;
import java.math.BigInteger;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;

import dev.nsunit.internal.linux.Errno;
import dev.nsunit.internal.linux.ErrnoException;
import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;

/**
 * Finds out, once per JVM and namespace type, whether this machine lets us create that namespace, by doing what
 * a child needs done: on a throwaway thread, unshare, prove the new namespace by inode, then make mounts private
 * or set the hostname there. The thread then ends and its namespaces with it. A real attempt is the only honest
 * probe: capabilities, seccomp filters and security modules all have a say, and none can be read off reliably.
 */
public final class EnvironmentProbe {

    private static final int CAP_SYS_ADMIN = 21;
    private static final String DOCKER_FLAGS =
            "--cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined";
    private static final Map<NamespaceType, Optional<Refusal>> RESULTS = new ConcurrentHashMap<>();

    private EnvironmentProbe() {
    }

    /**
     * Why the given types cannot be isolated here, or empty if they all can: what failed for each type that
     * failed, then what to do about it, once.
     */
    public static Optional<String> unavailable(Set<NamespaceType> types) {
        List<String> refusedTypes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Set<String> advice = new LinkedHashSet<>();
        for (NamespaceType type : types) {
            RESULTS.computeIfAbsent(type, EnvironmentProbe::probe).ifPresent(refusal -> {
                refusedTypes.add(type.displayName());
                failures.add(refusal.failure());
                advice.add(refusal.advice());
            });
        }
        if (refusedTypes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(("nsunit cannot create " + String.join(" and ", refusedTypes) + " namespaces here: "
                + String.join("; ", failures) + ". " + String.join(" ", advice)).strip());
    }

    private static Optional<Refusal> probe(NamespaceType type) {
        Linux linux;
        try {
            linux = Linux.get();
        }
        catch (UnsupportedOperationException e) {
            return Optional.of(new Refusal(e.getMessage(), "Run the tests on Linux."));
        }
        CompletableFuture<Void> attempt = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                NamespaceInodes before = NamespaceInodes.ofCurrentThread();
                linux.unshare(type.cloneFlag());
                String name = type == NamespaceType.UTS ? "nsunit-probe" : "";
                new NamespaceSetup(EnumSet.of(type), name, "", List.of()).apply(linux, before);
                attempt.complete(null);
            }
            catch (Throwable failure) {
                attempt.completeExceptionally(failure);
            }
        }, "nsunit-probe-" + type.procName());
        thread.setDaemon(true);
        thread.start();
        try {
            // Not interruptible on purpose: the attempt takes a millisecond, and its answer is cached for good.
            attempt.join();
            return Optional.empty();
        }
        catch (CompletionException e) {
            return Optional.of(explain(type, e.getCause()));
        }
    }

    private static Refusal explain(NamespaceType type, Throwable failure) {
        String what = failure.getMessage();
        if (failure instanceof ErrnoException errno && errno.errno() == Errno.EPERM) {
            if (!hasSysAdmin()) {
                return new Refusal(what, "This process lacks CAP_SYS_ADMIN. Run the tests as root, or in a container "
                        + "started with " + DOCKER_FLAGS + ".");
            }
            return new Refusal(what, "This process has CAP_SYS_ADMIN, so a seccomp filter or security module refused "
                    + "the call (Docker's default profile does). Start the container with " + DOCKER_FLAGS + ".");
        }
        if (failure instanceof ErrnoException errno && errno.errno() == Errno.EINVAL) {
            return new Refusal(what, "This kernel does not support " + type.displayName() + " namespaces.");
        }
        return new Refusal(what, "");
    }

    /** What failed, and what the user can do about it. */
    private record Refusal(String failure, String advice) {
    }

    static boolean hasSysAdmin() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return new BigInteger(line.substring("CapEff:".length()).trim(), 16).testBit(CAP_SYS_ADMIN);
                }
            }
        }
        catch (IOException | NumberFormatException unreadable) {
            // fall through: say what we know
        }
        return false;
    }
}
