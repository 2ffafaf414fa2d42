package dev.dgan.runtime;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs each test inside its own TensorScope, so tests need not close what they create. */
final class ScopePerTest implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ScopePerTest.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("scope", TensorScope.open());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        context.getStore(NS).get("scope", TensorScope.class).close();
    }
}
