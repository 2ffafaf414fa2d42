package dev.dgan.host.train;

import dev.dgan.api.Backbone;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.task.AnnotatedSamples;
import dev.dgan.api.task.Annotation;
import dev.dgan.host.annotate.AnnotatedSample;
import dev.dgan.host.io.ImageFiles;
import dev.dgan.host.label.TapCollector;
import dev.dgan.host.sample.LatentsFile;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Annotated samples whose feature maps are rendered again from their latents whenever a
 * trainer asks, so no more than one batch of taps is alive at a time. The latents file
 * (z, plus class ids for class-conditional backbones) is read once and shared by every
 * subset (cross-validation folds), which is why subsets are views and only the whole set
 * closes it. Each sample's image is compared once, on its first render, with the annotated
 * PNG (see {@link RenderCheck}).
 */
public final class RenderedSamples implements AnnotatedSamples, AutoCloseable {

    private final Backbone backbone;
    private final LatentsFile latents;
    private final Path latentsPath;
    private final List<AnnotatedSample> samples;
    private final double truncation;
    private final Set<String> taps;
    private final Device device;
    private final RenderCheck check;
    private final boolean owner;

    private RenderedSamples(Backbone backbone, LatentsFile latents, Path latentsPath, List<AnnotatedSample> samples, double truncation,
                            Set<String> taps, Device device, RenderCheck check, boolean owner) {
        this.backbone = backbone;
        this.latents = latents;
        this.latentsPath = latentsPath;
        this.samples = List.copyOf(samples);
        this.truncation = truncation;
        this.taps = taps;
        this.device = device;
        this.check = check;
        this.owner = owner;
    }

    /**
     * Reads {@code latentsFile} and checks every sample's latent row (and class id, where the
     * listing records one) against it before anything is rendered.
     */
    public static RenderedSamples open(Backbone backbone, Path latentsFile, List<AnnotatedSample> samples, double truncation,
                                       List<FeatureTap> taps, Device device, PrintWriter warnings) throws java.io.IOException {
        LatentsFile file = LatentsFile.read(latentsFile, backbone.info());
        try {
            long[] classes = file.classIds().orElse(null);
            for (AnnotatedSample s : samples) {
                if (s.latentRow() < 0 || s.latentRow() >= file.count())
                    throw new IllegalArgumentException(latentsFile + ": sample " + s.imageFile().getFileName() + " uses latent row "
                            + s.latentRow() + ", the file has " + file.count() + " rows");
                if (s.classId() != null && classes != null && classes[s.latentRow()] != s.classId())
                    throw new IllegalArgumentException(latentsFile + ": tensor c row " + s.latentRow() + " holds class "
                            + classes[s.latentRow()] + ", the manifest records class " + s.classId() + " for "
                            + s.imageFile().getFileName());
            }
            Set<String> names = Set.copyOf(taps.stream().map(FeatureTap::name).toList());
            return new RenderedSamples(backbone, file, latentsFile, samples, truncation, names, device, new RenderCheck(warnings), true);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The samples at {@code subset} (each one of this set's), sharing this set's latents and checks; closing it frees nothing. */
    public RenderedSamples subset(List<AnnotatedSample> subset) {
        for (AnnotatedSample s : subset)
            if (!samples.contains(s)) throw new IllegalArgumentException("sample " + s.index() + " is not in this set");
        return new RenderedSamples(backbone, latents, latentsPath, subset, truncation, taps, device, check, false);
    }

    public List<AnnotatedSample> samples() {
        return samples;
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public Annotation annotation(int index) {
        return samples.get(index).annotation();
    }

    @Override
    public void withFeatures(int[] indices, Consumer<Map<String, Tensor>> use) {
        if (indices.length == 0) throw new IllegalArgumentException("withFeatures: no sample indices");
        List<AnnotatedSample> batch = new ArrayList<>(indices.length);
        for (int i : indices) {
            if (i < 0 || i >= samples.size())
                throw new IndexOutOfBoundsException("sample index " + i + " of " + samples.size() + " annotated samples");
            batch.add(samples.get(i));
        }
        try (TensorScope scope = TensorScope.open(); Latents rows = gather(batch); TapCollector collector = new TapCollector(taps, device)) {
            Tensor pixels = ImageFiles.toPixels(backbone.synthesize(rows, collector));
            check.firstRender(batch, pixels);
            use.accept(collector.maps());
        }
    }

    /** The batch's latent rows, in order, as one Latents on the device (one narrow per sample: rows need not be adjacent). */
    private Latents gather(List<AnnotatedSample> batch) {
        if (batch.size() == 1) return latents.batch(batch.getFirst().latentRow(), 1, device).withTruncation(truncation);
        List<Latents> parts = new ArrayList<>(batch.size());
        try {
            for (AnnotatedSample s : batch) parts.add(latents.batch(s.latentRow(), 1, device));
            Tensor values = Ops.cat(parts.stream().map(Latents::values).toList(), 0);
            Optional<Tensor> classes = parts.getFirst().classes().isPresent()
                    ? Optional.of(Ops.cat(parts.stream().map(p -> p.classes().orElseThrow()).toList(), 0))
                    : Optional.empty();
            // Ops.cat results belong to the caller's scope; the Latents take them out so that closing it frees them
            return new Latents(parts.getFirst().kind(), TensorScope.release(values), classes.map(TensorScope::release), truncation);
        } finally {
            parts.forEach(Latents::close);
        }
    }

    @Override
    public void close() {
        if (owner) latents.close();
    }
}
