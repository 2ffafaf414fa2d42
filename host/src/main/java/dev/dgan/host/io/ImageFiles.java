package dev.dgan.host.io;

import dev.dgan.api.io.AtomicFiles;
import dev.dgan.api.io.PngEncoder;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** Turns generator output into 8-bit images and PNG files. */
public final class ImageFiles {

    private ImageFiles() {
    }

    /**
     * A [N, C, H, W] float image in roughly [-1, 1] as 8-bit pixels [N, H, W, C] on the CPU,
     * mapped as the reference tools map it: {@code clamp(x * 127.5 + 128, 0, 255)} truncated
     * toward zero. C is 3 (RGB) or 1 (grey).
     */
    public static Tensor toPixels(Tensor image) {
        long[] shape = image.shape();
        if (shape.length != 4 || (shape[1] != 1 && shape[1] != 3)) {
            throw new IllegalArgumentException("image tensor must be [N, 1 or 3, H, W], got " + Arrays.toString(shape));
        }
        try (Tensor times = Ops.mul(image, 127.5);
             Tensor scaled = Ops.add(times, 128.0);
             Tensor clamped = Ops.clamp(scaled, 0, 255);
             Tensor bytes = Ops.toCopy(clamped, DType.U8, Device.CPU);
             Tensor hwc = Ops.permute(bytes, 0, 2, 3, 1)) {
            return Ops.contiguous(hwc);
        }
    }

    /**
     * Sample {@code n} of {@link #toPixels} bytes as an image over a copy of its bytes (one
     * array copy, no per-pixel work): interleaved RGB or grey, 8 bits per channel.
     */
    public static BufferedImage toImage(byte[] pixels, int n, int height, int width, int channels) {
        int size = height * width * channels;
        ColorSpace space = ColorSpace.getInstance(channels == 3 ? ColorSpace.CS_sRGB : ColorSpace.CS_GRAY);
        ComponentColorModel model = new ComponentColorModel(space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        int[] bands = channels == 3 ? new int[] {0, 1, 2} : new int[] {0};
        byte[] sample = Arrays.copyOfRange(pixels, n * size, (n + 1) * size);
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(sample, size), width, height,
                width * channels, channels, bands, null);
        return new BufferedImage(model, raster, false, null);
    }

    public static void writePng(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> {
            PngEncoder.write(image, out);
        });
    }
}
