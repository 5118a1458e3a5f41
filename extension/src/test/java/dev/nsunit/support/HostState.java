package dev.nsunit.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What an isolated test must never change on the host, as seen by this (the parent) JVM: hostname, domain name,
 * the mount table (with each mount's options), network interfaces, System V IPC objects, POSIX message queues,
 * shared memory and semaphores, a global sysctl, {@code /etc/hosts}, and the identity of every namespace it lives in.
 *
 * <p>Mounts and virtual ethernet links that Docker makes for containers (another module's tests, or anything
 * else on the machine) come and go on their own, so they are left out.
 */
public record HostState(String hostname, String domainname, List<String> mounts, List<String> interfaces,
        List<String> sysvIpc, List<String> messageQueues, List<String> sharedMemory, String swappiness,
        String hosts, Map<String, String> namespaces) {

    private static final List<String> NAMESPACE_TYPES = List.of("uts", "mnt", "net", "ipc", "pid", "user", "cgroup",
            "time", "time_for_children");

    public static HostState now() {
        try {
            return new HostState(read("/proc/sys/kernel/hostname"), read("/proc/sys/kernel/domainname"),
                    readMounts(), readInterfaces(), readSysvIpc(), readMessageQueues(), readSharedMemory(),
                    read("/proc/sys/vm/swappiness"), read("/etc/hosts"), readNamespaces());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readMounts() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(line -> !isDockers(Path.of(line.split(" ")[4])))
                .toList();
    }

    private static boolean isDockers(Path mountPoint) {
        return mountPoint.startsWith("/var/lib/docker") || mountPoint.startsWith("/run/docker");
    }

    private static List<String> readInterfaces() throws IOException {
        // /proc/net/dev: two header lines, then "  name: counters..."; the counters change, the names must not.
        return Files.readAllLines(Path.of("/proc/self/net/dev")).stream().skip(2)
                .map(line -> line.substring(0, line.indexOf(':')).strip())
                .filter(name -> !name.startsWith("veth"))
                .sorted().toList();
    }

    private static List<String> readSysvIpc() throws IOException {
        List<String> objects = new ArrayList<>();
        for (String kind : List.of("shm", "sem", "msg")) {
            // The key and id columns identify an object; usage columns would change with the host's own use.
            Files.readAllLines(Path.of("/proc/sysvipc", kind)).stream().skip(1)
                    .map(line -> kind + " " + String.join(" ", List.of(line.strip().split("\\s+")).subList(0, 2)))
                    .forEach(objects::add);
        }
        return objects;
    }

    private static List<String> readMessageQueues() throws IOException {
        return list(Path.of("/dev/mqueue"));
    }

    /** POSIX shared memory objects and named semaphores ({@code sem.NAME}) are files here. */
    private static List<String> readSharedMemory() throws IOException {
        return list(Path.of("/dev/shm"));
    }

    private static List<String> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(Path::toString).sorted().toList();
        }
    }

    private static Map<String, String> readNamespaces() throws IOException {
        Map<String, String> namespaces = new TreeMap<>();
        for (String type : NAMESPACE_TYPES) {
            Path link = Path.of("/proc/self/ns", type);
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                // Older kernels have no cgroup or time namespaces.
                namespaces.put(type, Files.readSymbolicLink(link).toString());
            }
        }
        return namespaces;
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path)).strip();
    }
}
