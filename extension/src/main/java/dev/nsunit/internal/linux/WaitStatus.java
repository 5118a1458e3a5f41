package dev.nsunit.internal.linux;

/** How a child process ended, decoded from waitpid's status word. */
public record WaitStatus(long pid, int raw) {

    public boolean exited() {
        return (raw & 0x7f) == 0;
    }

    public int exitCode() {
        return (raw >> 8) & 0xff;
    }

    public boolean signaled() {
        return !exited() && (raw & 0x7f) != 0x7f;
    }

    public int signal() {
        return raw & 0x7f;
    }

    /** "exit code 3" or "signal 9 (SIGKILL)": how the end is named in failure messages. */
    public String describe() {
        if (exited()) {
            return "exit code " + exitCode();
        }
        if (signaled()) {
            return "signal " + signal() + " (" + signalName(signal()) + ")";
        }
        return "wait status 0x" + Integer.toHexString(raw);
    }

    static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 15 -> "SIGTERM";
            default -> "SIG" + signal;
        };
    }
}
