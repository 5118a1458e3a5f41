package dev.nsunit.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

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
final class EnvironmentProbe {

    private static final int CAP_SYS_ADMIN = 21;
    private static final String DOCKER_FLAGS =
            "--cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined";
    private static final Map<NamespaceType, Optional<String>> RESULTS = new ConcurrentHashMap<>();

    private EnvironmentProbe() {
    }

    /** Why the given types cannot be isolated here, or empty if they all can. */
    static Optional<String> unavailable(Set<NamespaceType> types) {
        List<String> reasons = new ArrayList<>();
        for (NamespaceType type : types) {
            RESULTS.computeIfAbsent(type, EnvironmentProbe::probe).ifPresent(reasons::add);
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", reasons));
    }

    private static Optional<String> probe(NamespaceType type) {
        Linux linux;
        try {
            linux = Linux.get();
        }
        catch (UnsupportedOperationException e) {
            return Optional.of("nsunit cannot isolate tests here: " + e.getMessage() + ". Run them on Linux.");
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
            attempt.get();
            return Optional.empty();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("Interrupted while probing for " + type.procName() + " namespaces.");
        }
        catch (ExecutionException e) {
            return Optional.of(explain(type, e.getCause()));
        }
    }

    private static String explain(NamespaceType type, Throwable failure) {
        String what = "nsunit cannot create a " + type.procName() + " namespace here: " + failure.getMessage() + ".";
        if (failure instanceof ErrnoException errno && errno.errno() == Errno.EPERM) {
            if (!hasSysAdmin()) {
                return what + " This process lacks CAP_SYS_ADMIN. Run the tests as root, or in a container started "
                        + "with " + DOCKER_FLAGS + ".";
            }
            return what + " This process has CAP_SYS_ADMIN, so a seccomp filter or security module refused the "
                    + "call (Docker's default profile does). Start the container with " + DOCKER_FLAGS + ".";
        }
        if (failure instanceof ErrnoException errno && errno.errno() == Errno.EINVAL) {
            return what + " This kernel does not support that namespace type.";
        }
        return what;
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
