package dev.nsunit.internal.engine;

import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.nsunit.internal.child.ChildMain;

/**
 * The safety net under the nsunit engine, registered by every isolation annotation. Isolated tests run under the
 * nsunit engine, which takes them away from Jupiter in the test JVM; if Jupiter there meets one all the same (the
 * engine was left out of the run, or its filter could not apply), this extension fails it before anything of it
 * runs: Jupiter creates a class's declared extensions first, before it reads a static field or initializes the
 * class, so failing here keeps the test's code off the host. In a child, where isolated tests belong, it does
 * nothing.
 */
public final class IsolationGuard implements Extension {

    public IsolationGuard() {
        if (!Boolean.getBoolean(ChildMain.CHILD_PROPERTY)) {
            throw new ExtensionConfigurationException("nsunit did not isolate this test, so it was not run: isolated "
                    + "tests run under the JUnit test engine \"nsunit\", and this run left that engine out (an engine "
                    + "filter such as Surefire's includeJUnit5Engines, Gradle's includeEngines, the console "
                    + "launcher's --include-engine, or EngineTestKit.engine(\"junit-jupiter\")). Include the engine "
                    + "\"nsunit\" beside \"junit-jupiter\".");
        }
    }
}
