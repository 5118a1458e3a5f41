package dev.nsunit.internal.linux;

/**
 * The caller is still in the parent's namespace of some type, so changing it would change the host.
 * Thrown before anything is changed.
 */
public final class NotInNewNamespaceException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    NotInNewNamespaceException(NamespaceType type, long inode) {
        super("Refusing to change the " + type.procName() + " namespace: this thread's " + type.procName()
                + " namespace (inode " + inode + ") is the parent's, so a change would reach the host");
    }
}
