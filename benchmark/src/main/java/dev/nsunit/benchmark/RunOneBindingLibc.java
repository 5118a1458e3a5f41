package dev.nsunit.benchmark;

import dev.nsunit.internal.child.PhaseLog;
import dev.nsunit.internal.linux.ErrnoException;
import dev.nsunit.internal.linux.Linux;

/**
 * {@link RunOne} after what every nsunit child does first: binding libc through jffi, JNR-FFI's native layer
 * (nsunit's own {@code Linux}, bound as {@code ChildMain} binds it) and its first calls, a descriptor made
 * close-on-exec and the process made a subreaper. A fresh JVM per test that runs this is the least a child that
 * keeps JNR-FFI can cost, before any namespace, relay or set-up.
 *
 * <p>With nsunit's {@code nsunit.internal.phases} set, it logs its phases as a child does ({@code PhaseLog}): those
 * it shares with one, {@code boot} and {@code libc}, then {@code run}, its launcher's run of the test.
 *
 * <p>Arguments: those of {@link RunOne}.
 */
public final class RunOneBindingLibc {

    private RunOneBindingLibc() {
    }

    public static void main(String[] args) throws ErrnoException {
        PhaseLog.mark("boot");
        Linux linux = Linux.get();
        // The child marks its relay and control pipes; here standard error stands in for them (nothing is exec'd).
        linux.setCloseOnExec(2);
        linux.setChildSubreaper(true);
        PhaseLog.mark("libc");
        boolean passed = RunOne.run(args);
        PhaseLog.mark("run");
        PhaseLog.write();
        System.exit(passed ? 0 : 1);
    }
}
