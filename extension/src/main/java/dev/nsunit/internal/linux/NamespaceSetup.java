package dev.nsunit.internal.linux;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What to make of fresh namespaces before any test code runs: host and domain names in a new UTS namespace,
 * tmpfs mounts in a new mount namespace. Applied inside the namespaces (by the child JVM, or by the probe's
 * throwaway thread), never before the new namespaces are proven by inode.
 *
 * @param types      the namespace types the caller must be in anew
 * @param hostname   the hostname to set, or empty to keep the inherited one
 * @param domainname the NIS domain name to set, or empty to keep the inherited one
 * @param tmpfs      absolute, normalized directories to cover with a fresh tmpfs, in mount order
 */
public record NamespaceSetup(Set<NamespaceType> types, String hostname, String domainname, List<String> tmpfs)
        implements Serializable {

    public NamespaceSetup {
        types = types.isEmpty() ? EnumSet.noneOf(NamespaceType.class) : EnumSet.copyOf(types);
        tmpfs = List.copyOf(tmpfs);
    }

    /**
     * Proves that the calling thread is in a new namespace of every requested type, then applies the setup.
     *
     * @param parent the namespaces of the JVM that asked for isolation
     * @throws NotInNewNamespaceException before changing anything, if any requested type is not new
     */
    public void apply(Linux linux, NamespaceInodes parent) throws ErrnoException {
        NamespaceInodes mine = NamespaceInodes.ofCurrentThread();
        for (NamespaceType type : types) {
            if (mine.of(type) == parent.of(type)) {
                throw new NotInNewNamespaceException(type, mine.of(type));
            }
        }
        if (types.contains(NamespaceType.MOUNT)) {
            // First, so that no mount made here (ours or the test's) can propagate to the host's peers.
            linux.mount("none", "/", null, Linux.MS_REC | Linux.MS_PRIVATE, null);
            for (String path : tmpfs) {
                linux.mount("tmpfs", path, "tmpfs", Linux.MS_NOSUID | Linux.MS_NODEV, null);
            }
        }
        if (types.contains(NamespaceType.UTS)) {
            if (!hostname.isEmpty()) {
                linux.setHostname(hostname);
            }
            if (!domainname.isEmpty()) {
                linux.setDomainname(domainname);
            }
        }
    }
}
