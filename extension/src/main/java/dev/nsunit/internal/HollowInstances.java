package dev.nsunit.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import sun.reflect.ReflectionFactory;

/**
 * Test instances for the parent JVM that are made without running the test class's constructor. Jupiter needs an
 * instance for every test, but an isolated test's constructor must run only in the child; the parent's instance is
 * never used for anything, so it is allocated the way deserialization allocates (only {@code Object()} runs).
 */
final class HollowInstances {

    private HollowInstances() {
    }

    static <T> T of(Class<T> type) {
        try {
            Constructor<?> allocator = ReflectionFactory.getReflectionFactory()
                    .newConstructorForSerialization(type, Object.class.getDeclaredConstructor());
            return type.cast(allocator.newInstance());
        }
        catch (NoSuchMethodException | InstantiationException | IllegalAccessException
                | InvocationTargetException e) {
            throw new ExtensionConfigurationException("Cannot stand in for " + type.getName()
                    + " in the parent JVM without running its constructor", e);
        }
    }
}
