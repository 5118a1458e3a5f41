package dev.nsunit.internal.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import dev.nsunit.internal.child.ChildMain;

/** The system properties of the test JVM that a child sets before its run, since a test may read them. */
public final class TestJvmProperties {

    private TestJvmProperties() {
    }

    /**
     * The properties set in this JVM that a test may read, such as Surefire's {@code systemPropertyVariables}
     * (set at run time, so not on the command line). The JVM's and platform's own are left out: the child has
     * its own, right for it.
     */
    public static Map<String, String> passed() {
        Map<String, String> passed = new LinkedHashMap<>();
        Properties properties = System.getProperties();
        for (String key : properties.stringPropertyNames()) {
            if (!isPlatformProperty(key)) {
                passed.put(key, properties.getProperty(key));
            }
        }
        return passed;
    }

    private static boolean isPlatformProperty(String key) {
        return key.startsWith("java.") || key.startsWith("jdk.") || key.startsWith("sun.") || key.startsWith("os.")
                || key.startsWith("user.") || key.startsWith("file.") || key.equals("line.separator")
                || key.equals("path.separator") || key.equals("native.encoding") || key.endsWith(".encoding")
                || key.equals(ChildMain.CHILD_PROPERTY);
    }
}
