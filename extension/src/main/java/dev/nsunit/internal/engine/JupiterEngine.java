package dev.nsunit.internal.engine;

import java.util.Iterator;
import java.util.ServiceLoader;

import org.junit.platform.engine.TestEngine;

/**
 * JUnit Jupiter's own test engine, which the nsunit engine runs inside, found as the launcher finds it: as a
 * service. Jupiter's engine module exports no package, so where JUnit and nsunit are modules (a test run whose test
 * classes form a module of their own puts both on the module path) no other module may name its class.
 */
public final class JupiterEngine {

    private static final String TYPE = "org.junit.jupiter.engine.JupiterTestEngine";

    private JupiterEngine() {
    }

    /** A new instance of Jupiter's engine. */
    public static TestEngine create() {
        return provider().get();
    }

    /** The class of Jupiter's engine, not initialized. */
    public static Class<? extends TestEngine> type() {
        return provider().type();
    }

    private static ServiceLoader.Provider<TestEngine> provider() {
        // Providers only: no engine but Jupiter's is instantiated. A loop, not a stream: the child's path has no
        // lambdas (each would be a class generated at run time in every child).
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
