package dev.nsunit.internal.linux;

/**
 * Which ids a child's new user namespace maps, and to what. Without a user namespace in the setup it means
 * nothing.
 */
public sealed interface UserMapping {

    /**
     * Every id the test JVM's own user namespace maps, mapped to itself: the child keeps root's file access (owners,
     * {@code chown}, reading what only root reads) while its capabilities reach only the namespaces it owns. This is
     * how a child of root is hardened; the parent writes the maps from outside, as only it may write more than one id.
     */
    record Identity() implements UserMapping {
    }

    /**
     * The invoking user alone, as {@code uid} and {@code gid} inside ({@code @IsolatedUser}): util-linux's
     * {@code unshare} writes this map itself.
     */
    record InvokingUser(int uid, int gid) implements UserMapping {
    }

    UserMapping IDENTITY = new Identity();
}
