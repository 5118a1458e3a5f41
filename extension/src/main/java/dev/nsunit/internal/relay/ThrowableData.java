package dev.nsunit.internal.relay;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.ValueWrapper;

/**
 * A throwable on its way from child to parent. It travels twice: Java-serialized whole (so the parent gets the
 * very type, with every field, {@code AssertionFailedError}'s expected and actual included), and as a plain tree
 * of class names, messages and stack traces, used when the parent cannot deserialize the first (a type that is
 * not serializable, or missing in the parent).
 */
public record ThrowableData(String className, String message, StackTraceElement[] stackTrace, byte[] serialized,
        ThrowableData cause, List<ThrowableData> suppressed, String expected, String actual) {

    public ThrowableData {
        suppressed = List.copyOf(suppressed);
    }

    public static ThrowableData of(Throwable throwable) {
        return describe(throwable, serialize(throwable), Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static ThrowableData describe(Throwable throwable, byte[] serialized, Set<Throwable> seen) {
        seen.add(throwable);
        Throwable cause = throwable.getCause();
        List<ThrowableData> suppressed = new ArrayList<>();
        for (Throwable each : throwable.getSuppressed()) {
            if (!seen.contains(each)) {
                suppressed.add(describe(each, null, seen));
            }
        }
        String expected = null;
        String actual = null;
        if (throwable instanceof AssertionFailedError failure && failure.isExpectedDefined()
                && failure.isActualDefined()) {
            expected = failure.getExpected().getStringRepresentation();
            actual = failure.getActual().getStringRepresentation();
        }
        return new ThrowableData(throwable.getClass().getName(), throwable.getMessage(), throwable.getStackTrace(),
                serialized, cause == null || seen.contains(cause) ? null : describe(cause, null, seen), suppressed,
                expected, actual);
    }

    private static byte[] serialize(Throwable throwable) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(throwable);
            return bytes.toByteArray();
        }
        catch (IOException | RuntimeException notSerializable) {
            return null;
        }
    }

    /**
     * The throwable as the parent can best have it: the original, deserialized with {@code loader}; failing that,
     * a reconstruction that keeps class names, messages, stack traces, causes and suppressed throwables.
     */
    public Throwable toThrowable(ClassLoader loader) {
        if (serialized != null) {
            try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(serialized), loader)) {
                if (in.readObject() instanceof Throwable original) {
                    return original;
                }
            }
            catch (IOException | ClassNotFoundException | RuntimeException | LinkageError fallThrough) {
                // reconstructed below
            }
        }
        return reconstruct();
    }

    private Throwable reconstruct() {
        Throwable throwable;
        if (expected != null && AssertionFailedError.class.getName().equals(className)) {
            throwable = new AssertionFailedError(message, ValueWrapper.create(expected), ValueWrapper.create(actual));
        }
        else {
            throwable = new ChildThrowable(className, message);
        }
        throwable.setStackTrace(stackTrace);
        if (cause != null) {
            throwable.initCause(cause.reconstruct());
        }
        for (ThrowableData each : suppressed) {
            throwable.addSuppressed(each.reconstruct());
        }
        return throwable;
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {

        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, loader);
            }
            catch (ClassNotFoundException notInLoader) {
                return super.resolveClass(description);
            }
        }
    }
}
