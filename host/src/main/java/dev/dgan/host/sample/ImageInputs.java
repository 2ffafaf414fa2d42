package dev.dgan.host.sample;

import dev.dgan.runtime.Tensor;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The images of {@code dgan sample --images DIR}: every PNG and JPEG in the folder, sorted by
 * name, each already at the backbone's resolution (encoding must see the pixels the user sees,
 * so nothing is resized). Sizes are checked from the file headers before anything is decoded or
 * a native call is made.
 */
public record ImageInputs(Path dir, List<Path> files) {

    public ImageInputs {
        files = List.copyOf(files);
    }

    public long count() {
        return files.size();
    }

    /** Lists and checks the folder: at least one image, each {@code resolution} x {@code resolution}. */
    public static ImageInputs list(Path dir, int resolution) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--images " + dir + " is not a directory");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(ImageInputs::isImage).sorted().toList();
        }
        if (files.isEmpty()) throw new IllegalArgumentException("--images " + dir + " holds no .png, .jpg or .jpeg file");
        for (Path f : files) {
            int[] wh = size(f);
            if (wh[0] != resolution || wh[1] != resolution) {
                throw new IllegalArgumentException(f + ": image is " + wh[0] + "x" + wh[1] + ", expected " + resolution + "x"
                        + resolution + " (the backbone's resolution; images are not resized)");
            }
        }
        return new ImageInputs(dir, files);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /** Width and height from the header alone. */
    private static int[] size(Path f) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) throw new IllegalArgumentException(f + ": not a readable PNG or JPEG image");
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        }
    }

    /**
     * Images {@code [first, first + b)} as float32 RGB [b, 3, H, W] in [-1, 1]
     * ({@code pixel / 127.5 - 1}, as taming's data loaders scale them), on the CPU, owned by the
     * caller. Grey and palette images are expanded to RGB; alpha is dropped.
     */
    public Tensor batch(long first, int b) throws IOException {
        Path f0 = files.get((int) first);
        int[] wh = size(f0);
        int w = wh[0], h = wh[1], plane = w * h;
        float[] data = new float[b * 3 * plane];
        int[] rgb = new int[plane];
        for (int j = 0; j < b; j++) {
            Path f = files.get((int) first + j);
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) throw new IllegalArgumentException(f + ": not a readable PNG or JPEG image");
            if (img.getWidth() != w || img.getHeight() != h) {
                throw new IllegalArgumentException(f + ": image is " + img.getWidth() + "x" + img.getHeight() + ", expected "
                        + w + "x" + h);
            }
            if (img.getRaster().getNumBands() == 1 && img.getColorModel().getNumComponents() == 1) {
                // getRGB would gamma-convert Java's linear grey space; the stored values are what was meant
                img.getRaster().getPixels(0, 0, w, h, rgb);
                for (int p = 0; p < plane; p++) rgb[p] = rgb[p] * 0x010101;
            } else {
                img.getRGB(0, 0, w, h, rgb, 0, w);
            }
            int base = j * 3 * plane;
            for (int p = 0; p < plane; p++) {
                int v = rgb[p];
                data[base + p] = ((v >> 16) & 0xff) / 127.5f - 1f;
                data[base + plane + p] = ((v >> 8) & 0xff) / 127.5f - 1f;
                data[base + 2 * plane + p] = (v & 0xff) / 127.5f - 1f;
            }
        }
        return Tensor.of(data, b, 3, h, w);
    }
}
