package dev.nsunit.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A named network namespace made as CI would make one, {@code ip netns add nsunit-spec-<random>}, with an address on
 * its (down) loopback interface so a test can tell it from any other; deleted on close, and with it the mount of
 * {@code /run/netns} that {@code ip netns add} makes the first time (and the directory, if it made that), so the
 * host's mount table ends as it began.
 */
public final class ScratchNetworkNamespace implements AutoCloseable {

    /** From TEST-NET-1, which no real network uses. */
    public static final String ADDRESS = "192.0.2.77";

    private static final Path RUN_NETNS = Path.of("/run/netns");

    private final String name = "nsunit-spec-" + UUID.randomUUID().toString().substring(0, 8);
    private final boolean directoryExisted;
    private final boolean wasMountPoint;

    public ScratchNetworkNamespace() throws IOException, InterruptedException {
        directoryExisted = Files.isDirectory(RUN_NETNS);
        wasMountPoint = isMountPoint();
        run("ip netns add " + name);
        try {
            run("ip -n " + name + " addr add " + ADDRESS + "/32 dev lo");
        }
        catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The namespace file, {@code /run/netns/<name>}. */
    public Path path() {
        return RUN_NETNS.resolve(name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("ip netns del " + name);
        if (!wasMountPoint && isMountPoint() && isEmpty()) {
            run("umount " + RUN_NETNS);
        }
        if (!directoryExisted && Files.isDirectory(RUN_NETNS) && isEmpty()) {
            Files.delete(RUN_NETNS);
        }
    }

    private static boolean isEmpty() throws IOException {
        try (var entries = Files.list(RUN_NETNS)) {
            return entries.findAny().isEmpty();
        }
    }

    private static boolean isMountPoint() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .anyMatch(line -> line.split(" ")[4].equals(RUN_NETNS.toString()));
    }

    private static void run(String command) throws IOException, InterruptedException {
        Shell.Result result = Shell.run(command);
        if (result.status() != 0) {
            throw new IllegalStateException(command + " failed with exit status " + result.status() + ": "
                    + result.output());
        }
    }
}
