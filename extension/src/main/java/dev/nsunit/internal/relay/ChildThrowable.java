package dev.nsunit.internal.relay;

/**
 * Stands in for a throwable thrown in the child that the parent cannot deserialize, either because its type is
 * not serializable or because the parent does not have the class. It prints as the original would:
 * {@code com.acme.BrokenThing: the message}, followed by the original stack trace.
 */
public final class ChildThrowable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String originalClassName;

    public ChildThrowable(String originalClassName, String message) {
        super(message);
        this.originalClassName = originalClassName;
    }

    /** The fully qualified name of the throwable's class in the child. */
    public String getOriginalClassName() {
        return originalClassName;
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? originalClassName : originalClassName + ": " + message;
    }
}
