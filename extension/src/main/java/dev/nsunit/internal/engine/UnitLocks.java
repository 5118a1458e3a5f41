package dev.nsunit.internal.engine;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.platform.commons.support.AnnotationSupport;

import dev.nsunit.internal.setup.IsolationAnnotations;

/**
 * Jupiter's {@code @ResourceLock} and {@code @Isolated}, for units that run side by side: a unit holds the locks its
 * method, its class and the classes enclosing it declare (read or write, as declared) while its child runs, and an
 * {@code @Isolated} class's units hold the run's global lock alone. Locks are taken in the order of their names, so
 * two units never wait for each other. Declared locks only: {@code ResourceLocksProvider}s are not consulted.
 */
final class UnitLocks {

    private static final String GLOBAL = "org.junit.platform.engine.support.hierarchical.ExclusiveResource.GLOBAL_KEY";

    private final Map<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();

    /** Takes the unit's locks; the returned handle gives them back. */
    Held acquire(Class<?> testClass, Method method) {
        Map<String, Boolean> wanted = new TreeMap<>();
        wanted.put(GLOBAL, false);
        for (AnnotatedElement element : IsolationAnnotations.elements(testClass, method)) {
            for (ResourceLock lock : AnnotationSupport.findRepeatableAnnotations(element, ResourceLock.class)) {
                wanted.merge(lock.value(), lock.mode() == ResourceAccessMode.READ_WRITE, Boolean::logicalOr);
            }
            if (element instanceof Class<?> && AnnotationSupport.isAnnotated(element, Isolated.class)) {
                wanted.put(GLOBAL, true);
            }
        }
        List<Lock> held = new ArrayList<>();
        wanted.forEach((key, write) -> {
            ReentrantReadWriteLock lock = locks.computeIfAbsent(key, name -> new ReentrantReadWriteLock());
            Lock taken = write ? lock.writeLock() : lock.readLock();
            taken.lock();
            held.add(taken);
        });
        return () -> {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        };
    }


    /** Locks held by a unit. */
    interface Held extends AutoCloseable {

        @Override
        void close();
    }
}
