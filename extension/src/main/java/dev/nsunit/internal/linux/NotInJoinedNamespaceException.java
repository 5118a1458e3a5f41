package dev.nsunit.internal.linux;

/**
 * The caller is not in the namespace a test asked to join ({@code @JoinNamespace}), so its test would run somewhere
 * else than it was told. Thrown before anything is changed.
 */
public final class NotInJoinedNamespaceException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    NotInJoinedNamespaceException(NamespaceJoin join) {
        super("Refusing to run: this thread is not in the " + join.type().displayName() + " namespace of "
                + join.path() + " (inode " + join.inode() + ") that the test joins");
    }
}
