package dev.nsunit.internal.engine;

import java.util.Iterator;
import java.util.ServiceLoader;

import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.TestEngine;

/**
 * JUnit Jupiter's own test engine, which the nsunit engine runs inside. Where JUnit runs as modules (a test run
 * whose test classes form a module of their own puts JUnit and nsunit on the module path), it is found as the
 * launcher finds it, as a service: Jupiter's engine module exports no package, so no other module may name its
 * class.
 */
public final class JupiterEngine {

    private static final String TYPE = "org.junit.jupiter.engine.JupiterTestEngine";

    private JupiterEngine() {
    }

    /** A new instance of Jupiter's engine. */
    public static TestEngine create() {
        return junitIsModules() ? provider().get() : new JupiterTestEngine();
    }

    /** The class of Jupiter's engine, not initialized. */
    public static Class<? extends TestEngine> type() {
        return junitIsModules() ? provider().type() : JupiterTestEngine.class;
    }

    /**
     * Whether JUnit runs as modules. If not, Jupiter's engine is on the class path too (as a module it would require
     * the Platform's as one), where its class is public to all: named, it costs a discovery 7 ms less than the
     * service lookup (measured in a JVM that had made a launcher).
     */
    private static boolean junitIsModules() {
        return TestEngine.class.getModule().isNamed();
    }

    private static ServiceLoader.Provider<TestEngine> provider() {
        // Providers, so that no engine but Jupiter's is instantiated, recognised by name, since naming the class
        // itself is what the module forbids.
        Iterator<ServiceLoader.Provider<TestEngine>> providers = ServiceLoader
                .load(TestEngine.class, JupiterEngine.class.getClassLoader()).stream().iterator();
        while (providers.hasNext()) {
            ServiceLoader.Provider<TestEngine> provider = providers.next();
            if (provider.type().getName().equals(TYPE)) {
                return provider;
            }
        }
        throw new IllegalStateException("nsunit runs isolated tests through JUnit Jupiter's test engine, and "
                + "there is none here: add org.junit.jupiter:junit-jupiter-engine to the test dependencies");
    }
}
