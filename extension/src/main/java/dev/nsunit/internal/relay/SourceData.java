package dev.nsunit.internal.relay;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.descriptor.PackageSource;
import org.junit.platform.engine.support.descriptor.UriSource;

/**
 * A {@link TestSource} on its way from child to parent, as plain strings: the relay admits no JUnit types. The
 * kinds JUnit's engines use are kept; any other source becomes none.
 *
 * @param name a class, resource or package name, or a URI, by kind
 */
public record SourceData(Kind kind, String name, String methodName, String methodParameterTypes, Integer line,
        Integer column) {

    public enum Kind {
        CLASS, METHOD, CLASSPATH_RESOURCE, PACKAGE, URI
    }

    static SourceData of(TestSource source) {
        if (source instanceof MethodSource method) {
            return new SourceData(Kind.METHOD, method.getClassName(), method.getMethodName(),
                    method.getMethodParameterTypes(), null, null);
        }
        if (source instanceof ClassSource type) {
            FilePosition position = type.getPosition().orElse(null);
            return new SourceData(Kind.CLASS, type.getClassName(), null, null,
                    position == null ? null : position.getLine(),
                    position == null ? null : position.getColumn().orElse(null));
        }
        if (source instanceof ClasspathResourceSource resource) {
            FilePosition position = resource.getPosition().orElse(null);
            return new SourceData(Kind.CLASSPATH_RESOURCE, resource.getClasspathResourceName(), null, null,
                    position == null ? null : position.getLine(),
                    position == null ? null : position.getColumn().orElse(null));
        }
        if (source instanceof PackageSource pkg) {
            return new SourceData(Kind.PACKAGE, pkg.getPackageName(), null, null, null, null);
        }
        if (source instanceof UriSource uri) {
            return new SourceData(Kind.URI, uri.getUri().toString(), null, null, null, null);
        }
        return null;
    }

    /** The source again, in the parent. */
    public TestSource toSource() {
        FilePosition position = line == null ? null
                : column == null ? FilePosition.from(line) : FilePosition.from(line, column);
        return switch (kind) {
            case METHOD -> MethodSource.from(name, methodName, methodParameterTypes);
            case CLASS -> ClassSource.from(name, position);
            case CLASSPATH_RESOURCE -> ClasspathResourceSource.from(name, position);
            case PACKAGE -> PackageSource.from(name);
            case URI -> UriSource.from(java.net.URI.create(name));
        };
    }
}
