package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;

import dev.nsunit.support.FixtureRunner;
import dev.nsunit.support.Java;
import dev.nsunit.support.NeedsNamespaces;

/**
 * With {@code nsunit.child.debug}, each child waits for a debugger before it runs anything, and the parent says on
 * its standard error where to attach. The parent is a JVM of its own here, so that its standard error can be read;
 * the debugger attaches through JDI, as an IDE's remote debug configuration does.
 */
@NeedsNamespaces
class ChildDebuggingTest {

    private static final long ATTACH_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Test
    void theChildWaitsSuspendedForADebuggerAndRunsTheTestOnceResumed() throws Exception {
        int port = freePort();
        Process parent = new ProcessBuilder(Java.command(List.of(), FixtureRunner.class, Debugged.class.getName(),
                "nsunit.child.debug=" + port)).redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8))) {
            String notice = readUntil(output, "[nsunit] nsunit.child.debug = " + port);

            assertThat(notice).contains("for dev.nsunit.ChildDebuggingTest$Debugged runsOnceResumed() waits for a "
                    + "debugger at localhost:" + port, "jdb -attach localhost:" + port);
            VirtualMachine child = attach(port);
            assertThat(mainThread(child).isSuspended()).as("the child's main thread, before resuming").isTrue();
            child.resume();
            child.dispose();

            assertThat(readUntil(output, "RESULT")).isEqualTo("RESULT SUCCESSFUL runsOnceResumed() | ");
        }
        finally {
            // A child still suspended would wait for ever: it cannot even notice that its parent is gone.
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly().waitFor();
        }
    }

    static class Debugged {
        @Test
        @IsolatedUts(hostname = "debugged")
        void runsOnceResumed() throws IOException {
            assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).isEqualTo("debugged");
        }
    }

    private static String readUntil(BufferedReader output, String prefix) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("No line starting with \"" + prefix + "\" in the parent's output:\n" + seen);
    }

    /** Attaches as an IDE does, retrying while the child's JVM is still starting its agent. */
    private static VirtualMachine attach(int port) throws IllegalConnectorArgumentsException, InterruptedException {
        AttachingConnector socketAttach = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(connector -> connector.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
        Map<String, Connector.Argument> arguments = socketAttach.defaultArguments();
        arguments.get("hostname").setValue("localhost");
        arguments.get("port").setValue(Integer.toString(port));
        long deadline = System.nanoTime() + ATTACH_DEADLINE_NANOS;
        while (true) {
            try {
                return socketAttach.attach(arguments);
            }
            catch (IOException notListeningYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Nothing to attach to on port " + port, notListeningYet);
                }
                Thread.sleep(100);
            }
        }
    }

    private static ThreadReference mainThread(VirtualMachine vm) {
        return vm.allThreads().stream().filter(thread -> thread.name().equals("main")).findFirst().orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
