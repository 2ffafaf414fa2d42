package dev.dgan.host.train;

import dev.dgan.api.Backbone;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.host.annotate.AnnotatedSample;
import dev.dgan.host.annotate.AnnotationSet;
import dev.dgan.host.io.ImageFiles;
import dev.dgan.host.sample.LatentsFile;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.host.label.TapCollector;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-renders annotated samples from their latents and hands each one's feature maps to a
 * consumer, one sample at a time, so at most one sample's taps are alive. The rendered image
 * is compared with the annotated PNG: a large difference means another checkpoint or
 * truncation than the samples were made with, and the labels would not fit the features.
 */
public final class AnnotatedFeatures {

    /** Mean absolute difference (0..255 levels) above which a warning is printed. */
    static final double MISMATCH_LEVELS = 4.0;

    public interface Consumer {
        void accept(AnnotatedSample sample, Map<String, Tensor> taps) throws Exception;
    }

    private final Backbone backbone;
    private final AnnotationSet set;
    private final double truncation;
    private final Set<String> taps;
    private final Device device;
    private final PrintWriter warnings;

    public AnnotatedFeatures(Backbone backbone, AnnotationSet set, double truncation, List<FeatureTap> taps, Device device,
                             PrintWriter warnings) {
        this.backbone = backbone;
        this.set = set;
        this.truncation = truncation;
        this.taps = Set.copyOf(taps.stream().map(FeatureTap::name).toList());
        this.device = device;
        this.warnings = warnings;
    }

    public void forEach(List<AnnotatedSample> samples, Consumer consumer) throws Exception {
        try (LatentsFile latents = LatentsFile.read(set.latents(), backbone.info())) {
            for (AnnotatedSample s : samples) {
                if (s.latentRow() < 0 || s.latentRow() >= latents.count())
                    throw new IllegalArgumentException(set.latents() + ": sample " + s.imageFile().getFileName() + " uses latent row "
                            + s.latentRow() + ", the file has " + latents.count() + " rows");
                try (TensorScope scope = TensorScope.open(); Latents one = latents.batch(s.latentRow(), 1, device);
                     TapCollector collector = new TapCollector(taps, device)) {
                    Tensor pixels = ImageFiles.toPixels(backbone.synthesize(one, truncation, collector));
                    checkImage(s, pixels);
                    consumer.accept(s, collector.maps());
                }
            }
        }
    }

    private void checkImage(AnnotatedSample s, Tensor pixels) throws IOException {
        BufferedImage annotated = ImageIO.read(s.imageFile().toFile());
        if (annotated == null) return; // the annotation reader already checked it is a PNG
        long[] nhwc = pixels.shape();
        if (annotated.getWidth() != nhwc[2] || annotated.getHeight() != nhwc[1])
            throw new IllegalArgumentException(s.imageFile() + " is " + annotated.getWidth() + "x" + annotated.getHeight()
                    + ", the backbone renders " + nhwc[2] + "x" + nhwc[1]);
        byte[] rendered = pixels.cpu().toByteArray();
        int c = (int) nhwc[3];
        double diff = 0;
        for (int y = 0; y < nhwc[1]; y++)
            for (int x = 0; x < nhwc[2]; x++) {
                int rgb = annotated.getRGB(x, y);
                for (int k = 0; k < Math.min(3, c); k++) {
                    int want = c == 1 ? (rgb & 0xFF) : (rgb >> (16 - 8 * k)) & 0xFF;
                    diff += Math.abs(want - (rendered[(int) ((y * nhwc[2] + x) * c + k)] & 0xFF));
                }
            }
        diff /= nhwc[1] * nhwc[2] * Math.min(3, c);
        if (diff > MISMATCH_LEVELS)
            warnings.printf("warning: %s differs from what the checkpoint renders from latent row %d (mean |diff| %.1f levels):"
                    + " another checkpoint or truncation?%n", s.imageFile(), s.latentRow(), diff);
    }
}
