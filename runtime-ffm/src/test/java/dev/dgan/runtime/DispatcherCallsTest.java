package dev.dgan.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DispatcherCallsTest {

    @Test
    void countsEachOperatorRunThroughTheDispatcher() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
            long before = DispatcherCalls.count();
            Tensor y = Ops.mm(x, x);
            NN.relu(y);
            assertEquals(2, DispatcherCalls.count() - before, "mm and relu");
        }
    }
}
