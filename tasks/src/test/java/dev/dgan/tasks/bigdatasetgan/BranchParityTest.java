package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.task.LabelMap;
import dev.dgan.runtime.Adam;
import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The branch against the reference classes (see resources/bigdatasetgan/README.md): forward, loss, one training step. */
@ExtendWith(NoTensorLeaks.class)
class BranchParityTest {

    static final BranchShape SHAPE = new BranchShape(List.of(new BranchShape.Level("low", 12, 4, 8),
            new BranchShape.Level("mid", 10, 8, 6), new BranchShape.Level("high", 6, 16, 4)), 5, 1);

    static double maxDiff(Tensor a, Tensor b) {
        assertArrayEquals(b.shape(), a.shape());
        return Ops.max(Ops.abs(Ops.sub(Ops.toCopy(Ops.detach(a), null, Device.CPU), b))).item();
    }

    @Test
    void forwardLossAndOneAdamStepMatchTheReference() throws Exception {
        Path file = Path.of(getClass().getResource("/bigdatasetgan/branch_case.safetensors").toURI());
        try (SafetensorsFile st = SafetensorsFile.open(file); TensorScope scope = TensorScope.open()) {
            Map<String, Tensor> all = st.tensors();
            Map<String, Tensor> before = new LinkedHashMap<>();
            for (String name : SegBranch.layout(SHAPE).keySet()) before.put(name, TensorScope.release(Ops.clone(all.get("before." + name))));
            try (SegBranch head = SegBranch.adopt(SHAPE, before, file.toString())) {
                List<Tensor> levels = List.of(all.get("in.low"), all.get("in.mid"), all.get("in.high"));
                Tensor y = all.get("in.y");
                try (var noGrad = Autograd.noGrad()) {
                    double d = maxDiff(head.forward(levels, y, false), all.get("eval_logits"));
                    assertTrue(d < 1e-5, "eval logits differ by " + d);
                }

                for (Tensor p : head.parameters()) Autograd.requiresGrad(p, true);
                float[] t = all.get("target").toFloatArray();
                List<LabelMap> maps = new ArrayList<>();
                for (int b = 0; b < 2; b++) {
                    byte[] l = new byte[256];
                    for (int i = 0; i < 256; i++) l[i] = (byte) t[b * 256 + i];
                    maps.add(new LabelMap(16, 16, l));
                }
                BranchTargets targets = BranchTargets.of(maps, true, Device.CPU);
                Tensor logits = head.forward(levels, y, true);
                assertTrue(maxDiff(logits, all.get("train_logits")) < 1e-5, "train logits");
                Tensor loss = targets.loss(logits);
                assertEquals(all.get("train_loss").toFloatArray()[0], loss.item(), 1e-6);
                try (Adam adam = new Adam(head.parameters(), 1e-3)) {
                    adam.zeroGrad();
                    Autograd.backward(loss);
                    adam.step();
                }
                for (var e : head.tensors().entrySet()) {
                    String name = e.getKey();
                    double d = maxDiff(e.getValue(), all.get("after." + name));
                    if (name.matches(".*_mix_conv\\.conv[12]\\.bias")) {
                        // every path from these biases ends in a batch norm with batch statistics, so their true
                        // gradient is 0 and Adam's first step, g / (|g| + 1e-8), turns rounding noise into up to lr
                        assertTrue(d <= 2e-3 + 1e-6, name + " moved by more than Adam's step bound: " + d);
                        try (var noGrad = Autograd.noGrad()) {
                            e.getValue().copyFrom(all.get("after." + name)); // so the evaluation below checks everything else
                        }
                    } else {
                        assertTrue(d < 1e-5, name + " after one step differs by " + d);
                    }
                }
                try (var noGrad = Autograd.noGrad()) {
                    double d = maxDiff(head.forward(levels, y, false), all.get("after_eval_logits"));
                    assertTrue(d < 1e-5, "eval logits after the step differ by " + d);
                }
            }
        }
    }

    @Test
    void flopCountOfBigDatasetGansBranchAt512() {
        BranchShape paper = new BranchShape(List.of(new BranchShape.Level("low", 3072, 32, 128),
                new BranchShape.Level("mid", 960, 128, 64), new BranchShape.Level("high", 192, 512, 32)), 128, 1);
        long expected = 2L * 3072 * 128 * 32 * 32 + 2L * 960 * 64 * 128 * 128 + 4L * 192 * 192 * 9 * 128 * 128
                + 2L * 192 * 32 * 512 * 512 + 4L * 224 * 224 * 9 * 512 * 512 + 2L * 224 * 9 * 512 * 512;
        assertEquals(expected, paper.flops());
        assertEquals(224, paper.fused(2));
    }
}
