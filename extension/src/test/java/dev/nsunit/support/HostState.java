package dev.nsunit.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What an isolated test must never change on the host, as seen by this (the parent) JVM: hostname, domain name,
 * the mount table, and the identity of the UTS and mount namespaces it lives in.
 */
public record HostState(String hostname, String domainname, List<String> mounts, String utsNamespace,
        String mountNamespace) {

    public static HostState now() {
        try {
            return new HostState(read("/proc/sys/kernel/hostname"), read("/proc/sys/kernel/domainname"),
                    Files.readAllLines(Path.of("/proc/self/mountinfo")),
                    Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString(),
                    Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path)).strip();
    }
}
