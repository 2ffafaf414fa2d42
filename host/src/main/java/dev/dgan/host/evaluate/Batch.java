package dev.dgan.host.evaluate;

import dev.dgan.api.task.LabelMap;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.Tensor;

import java.util.List;

/** Network inputs from labeled images: pixels scaled to [-1, 1] as [N, 3, H, W], labels as [N, H, W] int64 (255 = void). */
final class Batch {

    private Batch() {}

    static Tensor images(List<LabeledImage> images, Device device) {
        LabeledImage first = images.getFirst();
        int w = first.width(), h = first.height(), pixels = 3 * w * h;
        byte[] rgb = new byte[images.size() * pixels];
        for (int n = 0; n < images.size(); n++) System.arraycopy(images.get(n).rgb(), 0, rgb, n * pixels, pixels);
        try (TensorScope scope = TensorScope.open()) {
            // interleaved bytes to planar floats in [-1, 1], on the device: one copy of uint8 instead of float
            Tensor hwc = Tensor.of(rgb, DType.U8, images.size(), h, w, 3).to(device);
            Tensor nchw = Ops.permute(Ops.toCopy(hwc, DType.F32, device), 0, 3, 1, 2);
            return scope.keep(Ops.contiguous(Ops.add(Ops.div(nchw, 127.5), -1)));
        }
    }

    static Tensor labels(List<LabeledImage> images, Device device) {
        LabeledImage first = images.getFirst();
        int plane = first.width() * first.height();
        long[] values = new long[images.size() * plane];
        for (int n = 0; n < images.size(); n++) {
            byte[] labels = images.get(n).labels().labels();
            for (int i = 0; i < plane; i++) values[n * plane + i] = labels[i] & 0xFF;
        }
        try (Tensor cpu = Tensor.of(values, images.size(), first.height(), first.width())) {
            return cpu.to(device);
        }
    }

    static final long IGNORE = LabelMap.VOID;
}
