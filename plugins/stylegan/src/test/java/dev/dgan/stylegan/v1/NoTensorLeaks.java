package dev.dgan.stylegan.v1;

import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Fails a test that leaves tensors open: the live count after it must equal the count before. */
final class NoTensorLeaks implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoTensorLeaks.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("live", Tensor.liveCount());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long before = context.getStore(NS).get("live", Long.class);
        assertEquals(before, Tensor.liveCount(), "tensors left open by " + context.getDisplayName());
    }
}
