package dev.dgan.host.evaluate;

import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The downstream segmentation network: a small U-Net (Ronneberger et al.) over the runtime's
 * ops. Encoder levels of {@link ConvBlock}s with 2x2 max pooling, a bottleneck block, and decoder
 * levels that upsample bilinearly, concatenate the encoder's skip and apply a block; a 1x1
 * convolution gives per-pixel class logits. Fully convolutional, so any image size whose sides
 * survive the downsamplings works; odd sizes are handled by upsampling to the skip's size.
 */
public final class UNet implements AutoCloseable {

    private final SegmenterShape shape;
    private final List<ConvBlock> down = new ArrayList<>();
    private final List<ConvBlock> up = new ArrayList<>();
    private final ConvBlock bottom;
    private final Tensor headWeight, headBias;

    private UNet(SegmenterShape shape, Generator g, Device device) {
        this.shape = shape;
        int in = shape.inChannels();
        for (int level = 0; level < shape.depth(); level++) {
            down.add(ConvBlock.initialized(in, shape.channels(level), g, device));
            in = shape.channels(level);
        }
        bottom = ConvBlock.initialized(in, shape.channels(shape.depth()), g, device);
        for (int level = shape.depth() - 1; level >= 0; level--) {
            up.add(ConvBlock.initialized(shape.channels(level + 1) + shape.channels(level), shape.channels(level), g, device));
        }
        try (TensorScope scope = TensorScope.open()) {
            int c = shape.channels(0);
            headWeight = TensorScope.release(Ops.normal(g, 0, Math.sqrt(1.0 / c), DType.F32, device, shape.classes(), c, 1, 1));
            headBias = TensorScope.release(Ops.zeros(DType.F32, device, shape.classes()));
        }
        Autograd.requiresGrad(headWeight, true);
        Autograd.requiresGrad(headBias, true);
    }

    /** A freshly initialised network; the same generator state gives the same weights. */
    public static UNet initialized(SegmenterShape shape, Generator g, Device device) {
        return new UNet(shape, g, device);
    }

    public SegmenterShape shape() {
        return shape;
    }

    /** {@code x} [N, C, H, W] to logits [N, classes, H, W]; BatchNorm uses batch statistics when training. */
    public Tensor forward(Tensor x, boolean training) {
        List<Tensor> skips = new ArrayList<>();
        Tensor h = x;
        for (ConvBlock block : down) {
            h = block.forward(h, training);
            skips.add(h);
            h = NN.maxPool2d(h, 2, 2, 0);
        }
        h = bottom.forward(h, training);
        for (int i = 0; i < up.size(); i++) {
            Tensor skip = skips.get(skips.size() - 1 - i);
            Tensor upsampled = NN.upsampleBilinear(h, skip.size(2), skip.size(3), false);
            h = up.get(i).forward(Ops.cat(List.of(upsampled, skip), 1), training);
        }
        return NN.conv2d(h, headWeight, headBias, 1, 0);
    }

    public List<Tensor> parameters() {
        List<Tensor> p = new ArrayList<>();
        for (ConvBlock b : down) p.addAll(b.parameters());
        p.addAll(bottom.parameters());
        for (ConvBlock b : up) p.addAll(b.parameters());
        p.add(headWeight);
        p.add(headBias);
        return p;
    }

    /** Every tensor (parameters and BatchNorm statistics) by name, for saving. */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < down.size(); i++) down.get(i).putTensors("down." + i + ".", named);
        bottom.putTensors("bottom.", named);
        for (int i = 0; i < up.size(); i++) up.get(i).putTensors("up." + i + ".", named);
        named.put("head.weight", headWeight);
        named.put("head.bias", headBias);
        return named;
    }

    public long parameterCount() {
        long n = 0;
        for (Tensor t : parameters()) n += t.numel();
        return n;
    }

    @Override
    public void close() {
        down.forEach(ConvBlock::close);
        bottom.close();
        up.forEach(ConvBlock::close);
        headWeight.close();
        headBias.close();
    }
}
