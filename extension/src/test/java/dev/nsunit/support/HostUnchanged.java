package dev.nsunit.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Asserts after each test that the host looks exactly as it did before it. */
public final class HostUnchanged implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HostUnchanged.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", HostState.now());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        HostState before = context.getStore(NAMESPACE).get("before", HostState.class);
        assertThat(HostState.now()).as("the host after the test").isEqualTo(before);
    }
}
