package dev.dgan.host.train;

import dev.dgan.host.annotate.AnnotatedSample;
import dev.dgan.runtime.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares what the backbone renders from a sample's latent with the annotated PNG, once per
 * sample (trainers may render a sample many times): a large difference means another
 * checkpoint or truncation than the samples were made with, and the labels would not fit the
 * features. A size mismatch is an error, a pixel difference a warning.
 */
final class RenderCheck {

    /** Mean absolute difference (0..255 levels) above which a warning is printed. */
    static final double MISMATCH_LEVELS = 4.0;

    private final PrintWriter warnings;
    private final Set<Integer> checked = new HashSet<>();

    RenderCheck(PrintWriter warnings) {
        this.warnings = warnings;
    }

    /** {@code pixels}: the batch's images, [B, H, W, C] uint8, row j rendered from {@code batch.get(j)}. */
    void firstRender(List<AnnotatedSample> batch, Tensor pixels) {
        boolean any = false;
        for (AnnotatedSample s : batch) any |= !checked.contains(s.index());
        if (!any) return;
        long[] nhwc = pixels.shape();
        byte[] rendered = pixels.cpu().toByteArray();
        int per = (int) (nhwc[1] * nhwc[2] * nhwc[3]);
        for (int j = 0; j < batch.size(); j++) {
            AnnotatedSample s = batch.get(j);
            if (!checked.add(s.index())) continue;
            try {
                compare(s, rendered, j * per, nhwc);
            } catch (IOException e) {
                throw new UncheckedIOException(s.imageFile() + ": cannot read: " + e.getMessage(), e);
            }
        }
    }

    private void compare(AnnotatedSample s, byte[] rendered, int offset, long[] nhwc) throws IOException {
        BufferedImage annotated = ImageIO.read(s.imageFile().toFile());
        if (annotated == null) return; // the annotation reader already checked it is a PNG
        if (annotated.getWidth() != nhwc[2] || annotated.getHeight() != nhwc[1])
            throw new IllegalArgumentException(s.imageFile() + " is " + annotated.getWidth() + "x" + annotated.getHeight()
                    + ", the backbone renders " + nhwc[2] + "x" + nhwc[1]);
        int c = (int) nhwc[3];
        double diff = 0;
        for (int y = 0; y < nhwc[1]; y++)
            for (int x = 0; x < nhwc[2]; x++) {
                int rgb = annotated.getRGB(x, y);
                for (int k = 0; k < Math.min(3, c); k++) {
                    int want = c == 1 ? (rgb & 0xFF) : (rgb >> (16 - 8 * k)) & 0xFF;
                    diff += Math.abs(want - (rendered[offset + (int) ((y * nhwc[2] + x) * c + k)] & 0xFF));
                }
            }
        diff /= nhwc[1] * nhwc[2] * Math.min(3, c);
        if (diff > MISMATCH_LEVELS)
            warnings.printf("warning: %s differs from what the checkpoint renders from latent row %d (mean |diff| %.1f levels):"
                    + " another checkpoint or truncation?%n", s.imageFile(), s.latentRow(), diff);
    }
}
