package dev.nsunit.internal.linux;

/** The errno values nsunit reacts to, and their symbolic names for messages. */
public final class Errno {

    public static final int EPERM = 1;
    public static final int EINTR = 4;
    public static final int ECHILD = 10;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;

    private Errno() {
    }

    static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case EINTR -> "EINTR";
            case ECHILD -> "ECHILD";
            case EINVAL -> "EINVAL";
            case ENOTTY -> "ENOTTY";
            default -> "errno " + errno;
        };
    }
}
