package dev.dgan.api.contract;

import dev.dgan.api.Backbone;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every backbone promises the host, checked on a loaded backbone: run {@link #check} from
 * the plugin's own tests with a small model. Each check closes what it opens, so a test that
 * also counts live tensors (NoTensorLeaks) sees only the backbone's own leaks.
 */
public final class BackboneContract {

    private BackboneContract() {}

    /**
     * All checks on {@code seeds} (at least two), with {@code classes} for class-conditional
     * backbones (one per seed) or empty; {@code tolerance} is the largest pixel or feature
     * difference (in the backbone's [-1, 1] range) allowed between a batch and single samples.
     */
    public static void check(Backbone backbone, long[] seeds, Optional<int[]> classes, double truncation, double tolerance) {
        SampleRequest request = new SampleRequest(seeds, classes, truncation);
        latentsCarryTheRequest(backbone, request);
        sameSeedsSameSamples(backbone, request);
        tapsArriveInDeclaredOrder(backbone, request);
        freesItsTensors(backbone, request);
        batchIndependent(backbone, request, tolerance);
    }

    /**
     * One latent per requested sample, carrying the request's truncation to synthesis: the one
     * route by which truncation reaches a backbone.
     */
    public static void latentsCarryTheRequest(Backbone backbone, SampleRequest request) {
        try (Latents latents = backbone.sample(request)) {
            assertEquals(request.count(), latents.count(), backbone.info().name() + ": latents drawn for " + request.count() + " samples");
            assertEquals(request.truncation(), latents.truncation(), backbone.info().name()
                    + ": the latents must carry the request's truncation");
        }
    }

    /** Sampling and synthesis are functions of the seeds: twice the same request, twice the same image. */
    public static void sameSeedsSameSamples(Backbone backbone, SampleRequest request) {
        float[] a = render(backbone, request, FeatureSink.NONE), b = render(backbone, request, FeatureSink.NONE);
        assertArrayEquals(a, b, backbone.info().name() + ": the same seeds rendered twice differ");
    }

    /**
     * Every declared tap arrives once, in {@code info().taps()} order, shaped
     * [N, channels, resolution, resolution].
     */
    public static void tapsArriveInDeclaredOrder(Backbone backbone, SampleRequest request) {
        List<String> seen = new ArrayList<>();
        FeatureSink sink = (tap, map) -> {
            seen.add(tap.name());
            FeatureTap declared = backbone.info().taps().stream().filter(t -> t.name().equals(tap.name())).findFirst().orElse(null);
            assertTrue(declared != null, backbone.info().name() + ": tap " + tap.name() + " is not in info().taps()");
            assertArrayEquals(new long[] {request.count(), declared.channels(), declared.resolution(), declared.resolution()}, map.shape(),
                    backbone.info().name() + ": tap " + tap.name() + " shape");
        };
        render(backbone, request, sink);
        assertEquals(backbone.info().taps().stream().map(FeatureTap::name).toList(), seen,
                backbone.info().name() + ": taps must arrive once each, in info().taps() order");
    }

    /** Sampling, synthesis and the taps leave no tensor open once the caller closes latents and image. */
    public static void freesItsTensors(Backbone backbone, SampleRequest request) {
        render(backbone, request, FeatureSink.NONE); // first call may build caches the backbone owns
        long before = Tensor.liveCount();
        render(backbone, request, FeatureSink.NONE);
        assertEquals(before, Tensor.liveCount(), backbone.info().name() + ": tensors left open by one sample + synthesize");
    }

    /** Sample i of a batch is sample i rendered alone: no batch statistic leaks between samples. */
    public static void batchIndependent(Backbone backbone, SampleRequest request, double tolerance) {
        int n = request.count();
        RecordingSink batchTaps = new RecordingSink();
        float[] batch = render(backbone, request, batchTaps);
        int per = batch.length / n;
        for (int i = 0; i < n; i++) {
            int k = i;
            SampleRequest one = new SampleRequest(new long[] {request.seeds()[i]}, request.classIds().map(c -> new int[] {c[k]}),
                    request.truncation());
            RecordingSink aloneTaps = new RecordingSink();
            float[] alone = render(backbone, one, aloneTaps);
            double image = maxDifference(Arrays.copyOfRange(batch, i * per, (i + 1) * per), alone);
            assertTrue(image <= tolerance, backbone.info().name() + ": image of seed " + request.seeds()[i] + " differs by " + image
                    + " between batch element " + i + " and alone (tolerance " + tolerance + ")");
            for (String tap : batchTaps.maps.keySet()) {
                float[] all = batchTaps.maps.get(tap), mine = aloneTaps.maps.get(tap);
                int size = all.length / n;
                double d = maxDifference(Arrays.copyOfRange(all, i * size, (i + 1) * size), mine);
                assertTrue(d <= tolerance, backbone.info().name() + ": tap " + tap + " of seed " + request.seeds()[i] + " differs by " + d
                        + " between batch element " + i + " and alone (tolerance " + tolerance + ")");
            }
        }
    }

    private static float[] render(Backbone backbone, SampleRequest request, FeatureSink sink) {
        try (Latents latents = backbone.sample(request); Tensor image = backbone.synthesize(latents, sink);
             Tensor cpu = image.cpu()) {
            return cpu.toFloatArray();
        }
    }

    static double maxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length, "sizes differ");
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs((double) a[i] - b[i]));
        return max;
    }
}
