package dev.dgan.host.select;

import dev.dgan.api.Backbone;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Labeled;
import dev.dgan.host.io.ProgressBar;
import dev.dgan.host.label.TapCollector;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.TensorScope;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders candidate samples from seeds and describes each for selection: its pooled generator
 * features and, with a model, the ensemble's uncertainty (the task's image score, the number the
 * uncertainty filter of {@code dgan generate} ranks by). The images themselves are not kept.
 */
public final class CandidatePool {

    /** The candidates' seeds, unit feature vectors, and uncertainties (NaN without a model). */
    public record Described(long[] seeds, float[][] features, double[] uncertainty) {}

    private final Backbone backbone;
    private final Optional<Interpreter> interpreter;
    private final Device device;
    private final double truncation;
    private final int batch;

    public CandidatePool(Backbone backbone, Optional<Interpreter> interpreter, Device device, double truncation, int batch) {
        this.backbone = backbone;
        this.interpreter = interpreter;
        this.device = device;
        this.truncation = truncation;
        this.batch = batch;
    }

    public Described describe(long[] seeds, ProgressBar progress) throws Exception {
        float[][] features = new float[seeds.length][];
        double[] uncertainty = new double[seeds.length];
        Arrays.fill(uncertainty, Double.NaN);
        for (int first = 0; first < seeds.length; first += batch) {
            long[] part = Arrays.copyOfRange(seeds, first, Math.min(seeds.length, first + batch));
            PooledTaps pooled = new PooledTaps();
            try (TensorScope scope = TensorScope.open();
                 Latents latents = backbone.sample(new SampleRequest(part, Optional.empty(), truncation));
                 TapCollector taps = new TapCollector(interpreter.map(i -> i.taps().stream().map(FeatureTap::name)
                         .collect(Collectors.toSet())).orElse(java.util.Set.of()), device)) {
                FeatureSink both = (FeatureTap tap, dev.dgan.runtime.Tensor map) -> {
                    pooled.accept(tap, map);
                    taps.accept(tap, map);
                };
                backbone.synthesize(latents, both);
                if (interpreter.isPresent()) {
                    List<Labeled> labeled = interpreter.get().label(taps.maps());
                    for (int j = 0; j < part.length; j++) uncertainty[first + j] = labeled.get(j).uncertainty();
                }
            }
            float[][] v = pooled.vectors(part.length);
            System.arraycopy(v, 0, features, first, part.length);
            progress.advance(part.length);
        }
        return new Described(seeds, features, uncertainty);
    }
}
