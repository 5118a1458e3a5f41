package dev.nsunit.internal.child;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Opens a child's launcher session without JUnit 6's Java Flight Recorder listeners, where nothing in the child
 * records.
 *
 * <p>JUnit 6 registers a discovery and an execution listener that emit JFR events in every launcher it makes, wherever
 * the JDK has JFR ({@code org.junit.platform.launcher.jfr.JfrUtils}), and no configuration turns them off. The first
 * event class they load initialises JFR's metadata: in a child that was about 100 ms of CPU on JDK 25 and 160 on
 * JDK 17, more than the rest of a trivial test's run through the launcher. A child needs none of it: the parent
 * reports every event of the child to its own launcher's listeners, JUnit's Flight Recorder listener among them, so a
 * recording of the test JVM still shows every isolated test. Where the child itself records (a
 * {@code -XX:StartFlightRecording} in {@code nsunit.child.jvmArgs}), JFR is running already and the listeners are
 * kept.
 *
 * <p>JUnit looks for JFR by loading {@code jdk.jfr.FlightRecorder} through the thread's context class loader; while
 * the session is made, that loader is one that finds every class and resource its parent finds but JFR's. It is the
 * context class loader only then: JUnit makes its launcher, engines, filters and listeners there. A session listener
 * or interceptor of the user's, whose code could keep the loader, never sees it: where the class path registers one,
 * {@link TestRunner} opens its sessions as JUnit does.
 */
final class SessionWithoutFlightRecorder {

    private static final String JFR = "jdk.jfr.";

    private SessionWithoutFlightRecorder() {
    }

    static LauncherSession open(LauncherConfig config) {
        if (recording()) {
            return LauncherFactory.openSession(config);
        }
        Thread thread = Thread.currentThread();
        ClassLoader loader = thread.getContextClassLoader();
        thread.setContextClassLoader(new WithoutJfr(loader != null ? loader : ClassLoader.getSystemClassLoader()));
        try {
            return LauncherFactory.openSession(config);
        }
        finally {
            thread.setContextClassLoader(loader);
        }
    }

    /** Whether this JVM has started JFR (asked for on its command line): if it is not there at all, it is not. */
    private static boolean recording() {
        try {
            return jdk.jfr.FlightRecorder.isInitialized();
        }
        catch (LinkageError noJfr) {
            return false;
        }
    }

    /** Its parent's classes and resources, but no class of JFR's. */
    private static final class WithoutJfr extends ClassLoader {

        WithoutJfr(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(JFR)) {
                throw new ClassNotFoundException(name + " is hidden from JUnit in an nsunit child JVM while its "
                        + "launcher session opens, so that JUnit 6 registers no Flight Recorder listeners there");
            }
            return super.loadClass(name, resolve);
        }
    }
}
