package dev.dgan.host.evaluate;

import dev.dgan.api.task.LabelMap;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;

import java.util.List;

/** Network inputs from labeled images: pixels scaled to [-1, 1] as [N, 3, H, W], labels as [N, H, W] int64 (255 = void). */
final class Batch {

    private Batch() {}

    static Tensor images(List<LabeledImage> images, Device device) {
        LabeledImage first = images.getFirst();
        int w = first.width(), h = first.height(), plane = w * h;
        float[] values = new float[images.size() * 3 * plane];
        for (int n = 0; n < images.size(); n++) {
            byte[] rgb = images.get(n).rgb();
            int base = n * 3 * plane;
            for (int i = 0; i < plane; i++)
                for (int c = 0; c < 3; c++) values[base + c * plane + i] = (rgb[3 * i + c] & 0xFF) / 127.5f - 1f;
        }
        try (Tensor cpu = Tensor.of(values, images.size(), 3, h, w)) {
            return cpu.to(device);
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
