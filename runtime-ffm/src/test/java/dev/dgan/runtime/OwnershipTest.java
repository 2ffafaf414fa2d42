package dev.dgan.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every tensor is freed exactly once: scopes, explicit closes, error paths, and the process's
 * resident memory over long loops.
 */
class OwnershipTest {

    /** Allowed RSS growth over a long loop; a per-iteration leak of the tensors used would be 10-100x this. */
    private static final long RSS_BOUND_KIB = 64 * 1024;

    // ----- TensorScope ---------------------------------------------------------------------

    @Test
    void scopeFreesWhatWasCreatedInIt() {
        long live = Tensor.liveCount();
        Tensor a, b;
        try (TensorScope s = TensorScope.open()) {
            a = Tensor.of(new float[] {1, 2}, 2);
            b = Ops.add(a, a);
            assertEquals(2, s.liveCount());
            assertEquals(live + 2, Tensor.liveCount());
        }
        assertTrue(a.isClosed() && b.isClosed());
        assertEquals(live, Tensor.liveCount());
    }

    @Test
    void nestedScopesAndKeep() {
        long live = Tensor.liveCount();
        try (TensorScope outer = TensorScope.open()) {
            Tensor o = Tensor.of(new float[] {1}, 1);
            Tensor kept, dropped;
            try (TensorScope inner = TensorScope.open()) {
                dropped = Ops.mul(o, 2.0);
                kept = inner.keep(Ops.mul(o, 3.0));
                assertEquals(1, inner.liveCount(), "keep moved one tensor out");
                assertEquals(2, outer.liveCount(), "the kept tensor went to the enclosing scope");
                assertThrows(IllegalArgumentException.class, () -> inner.keep(o), "o belongs to the outer scope");
            }
            assertTrue(dropped.isClosed());
            assertFalse(kept.isClosed());
            assertFalse(o.isClosed());
            assertEquals(3f, kept.toFloatArray()[0]);
            assertEquals(live + 2, Tensor.liveCount());
        }
        assertEquals(live, Tensor.liveCount());
    }

    @Test
    void keepInTheOutermostScopeMakesTheCallerTheOwner() {
        long live = Tensor.liveCount();
        Tensor t;
        try (TensorScope s = TensorScope.open()) {
            t = s.keep(Ops.ones(DType.F32, Device.CPU, 3));
            assertEquals(0, s.liveCount());
        }
        assertFalse(t.isClosed());
        assertEquals(live + 1, Tensor.liveCount());
        t.close();
        assertEquals(live, Tensor.liveCount());
    }

    @Test
    void releaseTakesATensorOutOfEveryScope() {
        long live = Tensor.liveCount();
        Tensor weight;
        try (TensorScope outer = TensorScope.open()) {
            try (TensorScope inner = TensorScope.open()) {
                weight = TensorScope.release(Ops.ones(DType.F32, Device.CPU, 2));
                assertEquals(0, inner.liveCount());
                assertThrows(IllegalArgumentException.class, () -> inner.keep(weight), "no scope owns it any more");
            }
            assertEquals(0, outer.liveCount());
        }
        assertFalse(weight.isClosed(), "closing the scopes left the released tensor open");
        assertEquals(live + 1, Tensor.liveCount());
        weight.close();
        assertEquals(live, Tensor.liveCount());
        try (Tensor free = Ops.ones(DType.F32, Device.CPU, 1)) {
            assertTrue(TensorScope.release(free) == free, "a tensor in no scope is returned as is");
        }
    }

    @Test
    void tensorsClosedEarlyAreSkippedAndCreatedOutsideAScopeAreNotAdopted() {
        long live = Tensor.liveCount();
        Tensor outside = Tensor.of(new float[] {1}, 1);
        try (TensorScope s = TensorScope.open()) {
            Tensor t = Tensor.of(new float[] {1}, 1);
            t.close();
            assertEquals(0, s.liveCount());
            Tensor u = outside.share();
            assertEquals(1, s.liveCount(), "a share made inside the scope belongs to it");
            assertFalse(u.isClosed());
        }
        assertFalse(outside.isClosed());
        assertEquals(live + 1, Tensor.liveCount());
        outside.close();
        assertEquals(live, Tensor.liveCount());
    }

    @Test
    void scopesCloseInnermostFirstAndAFailedCloseCanBeRetried() {
        long live = Tensor.liveCount();
        TensorScope outer = TensorScope.open();
        Tensor a = Tensor.of(new float[] {1}, 1);
        TensorScope inner = TensorScope.open();
        Tensor b = Tensor.of(new float[] {2}, 1);
        assertThrows(IllegalStateException.class, outer::close);
        assertFalse(a.isClosed(), "a refused close frees nothing");
        inner.close();
        assertTrue(b.isClosed());
        outer.close();
        assertTrue(a.isClosed(), "the outer scope can still be closed after a refused close");
        assertEquals(live, Tensor.liveCount());
        // and the thread is left with no open scope: a new tensor is not adopted by a stale one
        Tensor c = Tensor.of(new float[] {3}, 1);
        try (TensorScope s = TensorScope.open()) {
            assertEquals(0, s.liveCount());
        }
        assertFalse(c.isClosed());
        c.close();
        outer.close(); // closing twice is a no-op
    }

    @Test
    void aScopeMustBeClosedOnItsOwnThread() throws Exception {
        TensorScope s = TensorScope.open();
        try {
            Throwable[] thrown = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    s.close();
                } catch (Throwable e) {
                    thrown[0] = e;
                }
            });
            t.start();
            t.join();
            assertTrue(thrown[0] instanceof IllegalStateException, String.valueOf(thrown[0]));
        } finally {
            s.close();
        }
    }

    @Test
    void adamStateOutlivesTheScopeItWasBuiltIn() {
        long live = Tensor.liveCount();
        Tensor p = Tensor.of(new float[] {1, 2}, 2);
        Autograd.requiresGrad(p, true);
        Adam adam;
        try (TensorScope s = TensorScope.open()) {
            adam = new Adam(List.of(p), 0.1);
        }
        try (TensorScope s = TensorScope.open()) {
            Autograd.backward(Ops.sum(Ops.square(p)));
            adam.step(); // would fail on freed state
            adam.zeroGrad();
        }
        float[] v = p.toFloatArray();
        assertEquals(0.9f, v[0], 1e-6f);
        assertEquals(1.9f, v[1], 1e-6f);
        adam.close();
        p.close();
        assertEquals(live, Tensor.liveCount());
    }

    @Test
    void adamStepWorksAsTheFirstUseOfGradientsInAProcess() {
        // in this JVM another test may already have used Autograd.grad, so check in a fresh one
        LeakProbe.Result r = LeakProbe.run("adam-first", 0, 1);
        assertEquals(r.liveBefore(), r.liveAfter());
    }

    // ----- long loops (in a child JVM with a small pre-touched heap, so RSS is native memory) ----

    private static void assertNoGrowth(LeakProbe.Result r, String what) {
        System.out.printf("OwnershipTest: %s: VmRSS %d -> %d KiB (growth %d KiB), live tensors %d -> %d%n",
                what, r.rssBeforeKiB(), r.rssAfterKiB(), r.growthKiB(), r.liveBefore(), r.liveAfter());
        assertEquals(r.liveBefore(), r.liveAfter(), what + ": every tensor was freed");
        assertTrue(r.growthKiB() < RSS_BOUND_KIB, what + ": RSS grew by " + r.growthKiB() + " KiB");
    }

    @Test
    void hundredThousandCreateOpFreeIterationsDoNotGrowMemory() {
        // a leak of the three 4 KiB tensors per iteration would be about 1.2 GiB
        assertNoGrowth(LeakProbe.run("ops", 20_000, 100_000), "100k x (Tensor.of 4 KiB, add, relu) in a scope");
    }

    @Test
    void tenThousandFailingOpsDoNotGrowMemory() {
        // every failing call gets a fresh 16 KiB tensor argument: leaking it would keep 160 MiB alive.
        // (libtorch spends 2-5 ms per failure symbolising a C++ backtrace, hence "only" 10k.)
        assertNoGrowth(LeakProbe.run("errors", 200, 10_000), "10k x (fresh 16 KiB tensor, cat or pad rejected by libtorch)");
    }

    @Test
    void anArgumentEncodedBeforeAFailingArgumentIsFreed() {
        // normal_(t, closedGenerator): t is encoded before the generator fails; a leaked
        // reference would keep each 64 MiB tensor resident after it is closed (256 MiB)
        assertNoGrowth(LeakProbe.run("closed-generator", 1, 4), "4 x normal_ with a closed generator on 64 MiB tensors");
    }

    /** Runs {@code op}, which libtorch must reject with a message containing {@code message}. */
    private static void expectTorchError(Supplier<?> op, String message) {
        long live = Tensor.liveCount();
        TorchException e = assertThrows(TorchException.class, op::get);
        TorchMessages.assertCarries(e.getMessage(), message);
        assertEquals(live, Tensor.liveCount(), "a failed op leaves no tensor behind");
    }

    @Test
    void libtorchErrorsSurfaceAsTorchExceptionsWithItsMessage() {
        try (Tensor x = Tensor.of(new float[16], 4, 4);
             Tensor img = Tensor.of(new float[2 * 3 * 3], 1, 2, 3, 3);
             Tensor w = Tensor.of(new float[4 * 2 * 5 * 5], 4, 2, 5, 5);
             Tensor w3 = Tensor.of(new float[4 * 2 * 3 * 3], 4, 2, 3, 3);
             Tensor badBias = Tensor.of(new float[3], 3);
             Tensor y = Tensor.of(new float[9], 3, 3)) {
            expectTorchError(() -> Ops.reshape(x, 5, 5), "shape '[5, 5]' is invalid for input of size 16");
            TorchException named = assertThrows(TorchException.class, () -> Ops.reshape(x, 3, 3));
            assertTrue(named.getMessage().startsWith("aten::reshape"), named.getMessage());
            // channel counts agree, so only libtorch can see these are wrong
            expectTorchError(() -> NN.conv2d(img, w, null, 1, 0), "Kernel size can't be greater than actual input size");
            expectTorchError(() -> NN.conv2d(img, w3, badBias, 1, 1), "bias");
            expectTorchError(() -> Ops.cat(List.of(x, y), 1), "Sizes of tensors must match");
            expectTorchError(() -> Ops.add(x, y), "must match the size");
            expectTorchError(() -> Ops.sum(x, new long[] {2}, false), "Dimension out of range");
        }
    }

    @Test
    void nullTensorArgumentsAreRejectedWithoutLeaking() {
        long live = Tensor.liveCount();
        try (Tensor a = Tensor.of(new float[] {1}, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.mul(a, (Tensor) null));
            assertTrue(e.getMessage().contains("aten::mul"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Ops.cat(java.util.Arrays.asList(a, null), 0));
            assertEquals(live + 1, Tensor.liveCount());
        }
        assertEquals(live, Tensor.liveCount());
    }
}
