package dev.dgan.host.generate.depth;

import dev.dgan.api.TaskProvider;
import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.AnnotationReader;
import dev.dgan.api.task.CrossValidationMetric;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.LabeledSample;
import dev.dgan.api.task.SampleFolder;
import dev.dgan.api.task.TaskOption;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainReport;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A task the host has never heard of: depth in metres per pixel, annotated as 16-bit PNGs in
 * millimetres ({@code depth_NNNN.png}), learnt as a straight line over channel 0 of the first
 * tap, written as a 16-bit PNG plus an 8-bit preview. It exists to show that a task plugin
 * declares everything the host needs to train and generate with it.
 */
public final class DepthTask implements TaskProvider {

    /** What a person marked: depth in metres per pixel, row-major. */
    public record DepthMap(int width, int height, float[] metres) implements Annotation {}

    /** What the model made of one sample. */
    public record Depth(int width, int height, float[] metres, double uncertainty) implements Labeled {}

    @Override
    public String name() {
        return "depth";
    }

    @Override
    public String description() {
        return "per-pixel depth (test task)";
    }

    @Override
    public AnnotationReader annotations() {
        return new Reader();
    }

    @Override
    public TaskOutputs outputs(Interpreter model) {
        return new Outputs();
    }

    @Override
    public Optional<CrossValidationMetric> crossValidation() {
        return Optional.of(new CrossValidationMetric() {
            public String name() {
                return "mean absolute depth error (m)";
            }

            public Tally tally(List<String> labels) {
                return new Tally() {
                    double sum;
                    long n;

                    public void add(Annotation truth, Labeled predicted) {
                        float[] t = ((DepthMap) truth).metres(), p = ((Depth) predicted).metres();
                        for (int i = 0; i < t.length; i++, n++) sum += Math.abs(t[i] - p[i]);
                    }

                    public double score() {
                        return sum / Math.max(1, n);
                    }
                };
            }
        });
    }

    @Override
    public List<TaskOption> options() {
        return List.of(new TaskOption("scale", "metres per millimetre unit (fixed)"));
    }

    @Override
    public Trainer trainer(TrainingSpec spec) {
        return new LineFit(spec);
    }

    @Override
    public Interpreter load(Path modelDir, Device device) {
        throw new UnsupportedOperationException("the test keeps its model in memory");
    }

    static BufferedImage millimetres(int w, int h, float[] metres) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        short[] mm = new short[metres.length];
        for (int i = 0; i < mm.length; i++) mm[i] = (short) Math.clamp(Math.round(metres[i] * 1000), 0, 65535);
        img.getRaster().setDataElements(0, 0, w, h, mm);
        return img;
    }

    /** {@code depth_NNNN.png}: 16-bit grey, millimetres. */
    static final class Reader implements AnnotationReader {
        public String kind() {
            return "depth maps";
        }

        public List<String> labels(Path dir, Optional<List<String>> listed) {
            return List.of("depth");
        }

        public List<Path> candidates(AnnotatedFile sample) {
            return List.of(sample.dir().resolve("depth_" + sample.id() + ".png"));
        }

        public Pattern fileNames() {
            return Pattern.compile("depth_\\d+\\.png");
        }

        public String expected() {
            return "depth_NNNN.png";
        }

        public Annotation read(Path file, AnnotatedFile sample, ImageSize size, List<String> labels) {
            try {
                BufferedImage img = ImageIO.read(file.toFile());
                if (img == null || img.getType() != BufferedImage.TYPE_USHORT_GRAY)
                    throw new AnnotationException(file + ": expected a 16-bit grey PNG of depth in millimetres");
                if (img.getWidth() != size.width() || img.getHeight() != size.height())
                    throw new AnnotationException(file + ": is " + img.getWidth() + "x" + img.getHeight() + ", expected " + size);
                short[] mm = (short[]) img.getRaster().getDataElements(0, 0, size.width(), size.height(), null);
                float[] m = new float[mm.length];
                for (int i = 0; i < m.length; i++) m[i] = (mm[i] & 0xFFFF) / 1000f;
                return new DepthMap(size.width(), size.height(), m);
            } catch (IOException e) {
                throw new AnnotationException(file + ": cannot read: " + e.getMessage(), e);
            }
        }
    }

    /** {@code depth/} 16-bit PNG in millimetres, {@code preview/} 8-bit grey scaled to the sample's range. */
    static final class Outputs implements TaskOutputs {
        public List<Folder> folders() {
            return List.of(new Folder("depth", "png"), new Folder("preview", "png"));
        }

        public Map<String, Object> write(LabeledSample sample, SampleFolder folder) throws IOException {
            Depth d = (Depth) sample.labeled();
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (float v : d.metres()) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            BufferedImage preview = new BufferedImage(d.width(), d.height(), BufferedImage.TYPE_BYTE_GRAY);
            byte[] grey = new byte[d.metres().length];
            for (int i = 0; i < grey.length; i++) grey[i] = (byte) (hi > lo ? Math.round(255 * (d.metres()[i] - lo) / (hi - lo)) : 0);
            preview.getRaster().setDataElements(0, 0, d.width(), d.height(), grey);
            folder.writePng("depth", millimetres(d.width(), d.height(), d.metres()));
            folder.writePng("preview", preview);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("depth", folder.path("depth"));
            fields.put("depthRange", List.of((double) lo, (double) hi));
            return fields;
        }
    }

    /** Least squares of depth on channel 0 of the first tap (upsampled nearest), over every annotated pixel. */
    static final class LineFit implements Trainer {
        private final TrainingSpec spec;
        private double sx, sy, sxx, sxy;
        private long n;

        LineFit(TrainingSpec spec) {
            this.spec = spec;
        }

        @Override
        public void add(Map<String, Tensor> taps, Annotation target) {
            DepthMap d = (DepthMap) target;
            float[] f = feature(taps, spec.taps().getFirst(), d.width(), d.height(), 0);
            for (int i = 0; i < f.length; i++) {
                sx += f[i]; sy += d.metres()[i]; sxx += (double) f[i] * f[i]; sxy += (double) f[i] * d.metres()[i]; n++;
            }
        }

        @Override
        public Trained fit(TrainingListener listener) {
            double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx), offset = (sy - slope * sx) / n;
            return new Trained(new Line(spec, slope, offset), new TrainReport(n, List.of()));
        }

        @Override
        public void close() {
        }
    }

    /** Channel 0 of {@code tap} for batch element {@code b}, at {@code w x h} (nearest). */
    static float[] feature(Map<String, Tensor> taps, FeatureTap tap, int w, int h, int b) {
        float[] all;
        try (Tensor cpu = taps.get(tap.name()).cpu()) {
            all = cpu.toFloatArray();
        }
        int r = tap.resolution(), c = tap.channels();
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) out[y * w + x] = all[((b * c) * r + y * r / h) * r + x * r / w];
        return out;
    }

    record Line(TrainingSpec spec, double slope, double offset) implements Interpreter {
        public String task() {
            return "depth";
        }

        public List<String> labels() {
            return spec.labels();
        }

        public List<FeatureTap> taps() {
            return spec.taps();
        }

        public int width() {
            return spec.width();
        }

        public int height() {
            return spec.height();
        }

        public List<Labeled> label(Map<String, Tensor> taps) {
            int batch = (int) taps.get(spec.taps().getFirst().name()).shape()[0];
            List<Labeled> out = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                float[] f = feature(taps, spec.taps().getFirst(), width(), height(), b);
                float[] m = new float[f.length];
                for (int i = 0; i < m.length; i++) m[i] = (float) (slope * f[i] + offset);
                out.add(new Depth(width(), height(), m, f[0] + 1.0)); // brighter samples count as less sure
            }
            return out;
        }

        public void save(Path dir) {
            throw new UnsupportedOperationException("kept in memory");
        }

        public void close() {
        }
    }
}
