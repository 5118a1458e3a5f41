package dev.nsunit.internal.child;

import java.util.Optional;
import java.util.concurrent.BlockingQueue;

import org.junit.platform.engine.UniqueId;

import dev.nsunit.internal.relay.Message;

/**
 * Lets the tests of a class run in one child only as the parent asks for them. The child executes the class once;
 * before each of its tests starts, the gate waits for the parent's next {@link Message.Proceed}: the test runs if
 * the parent named it, and is skipped (before any {@code @BeforeEach}) if the parent named a later one, or sent
 * {@link Message.Shutdown}. So the parent's tests and the child's runs of them correspond one to one, in order.
 */
public final class ClassGate {

    private static volatile ClassGate current;

    private final BlockingQueue<Message> commands;
    private final Runnable fence;
    private final String classUniqueId;
    private String requested;
    private boolean shutDown;

    /** @param classUniqueId the class the child executes, which may itself be a {@code @Nested} class */
    ClassGate(BlockingQueue<Message> commands, Runnable fence, String classUniqueId) {
        this.commands = commands;
        this.fence = fence;
        this.classUniqueId = classUniqueId;
    }

    /** The gate of the class this child is executing, if it executes one. */
    public static Optional<ClassGate> current() {
        return Optional.ofNullable(current);
    }

    void open() {
        current = this;
    }

    void close() {
        current = null;
    }

    /**
     * Whether the test (or test template invocation) with this unique id runs now. Waits for the parent's next
     * request if none is pending. Containers run, except {@code @Nested} classes inside the class: they are not part
     * of the class's shared child (the parent isolates their tests in children of their own), so nothing of theirs
     * runs here. The class itself and the classes enclosing it run, {@code @Nested} or not.
     */
    public synchronized boolean admits(String uniqueId) throws InterruptedException {
        if (classUniqueId.equals(uniqueId) || classUniqueId.startsWith(uniqueId + "/")) {
            return true;
        }
        String type = UniqueId.parse(uniqueId).getLastSegment().getType();
        if (type.equals("nested-class")) {
            return false;
        }
        if (!type.equals("method") && !type.equals("test-template-invocation")) {
            return true;
        }
        if (requested == null && !shutDown) {
            Message next = commands.take();
            if (next instanceof Message.Proceed proceed) {
                requested = proceed.uniqueId();
            }
            else {
                shutDown = true;
            }
        }
        return uniqueId.equals(requested);
    }

    /** Called once a node's end has been relayed: after the requested test, the parent gets a fence. */
    synchronized void relayed(String uniqueId) {
        if (uniqueId.equals(requested)) {
            requested = null;
            fence.run();
        }
    }

    /** Whether the parent said there will be no more tests. */
    synchronized boolean shutDown() {
        return shutDown;
    }
}
