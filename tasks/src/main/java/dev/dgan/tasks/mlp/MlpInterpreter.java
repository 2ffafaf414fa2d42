package dev.dgan.tasks.mlp;

import java.util.OptionalDouble;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Precision;
import dev.dgan.runtime.Device;
import dev.dgan.tasks.uncertainty.ImageScore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What every pixel-MLP task's interpreter shares: the stored model (header and ensemble), the
 * forward path (fused unless switched to the naive reference), the image score, saving.
 * Subclasses turn the ensemble's outputs into their labels.
 */
public abstract class MlpInterpreter implements Interpreter {

    protected final ModelFiles.Header header;
    protected final MlpEnsemble ensemble;
    protected final Device device;
    protected final Precision precision;
    protected final ImageScore score;
    protected EnsembleForward forward;

    /**
     * Takes ownership of {@code ensemble}; {@code knownOptions} are the task's option keys;
     * {@code precision} chooses the forward path's compute type.
     */
    protected MlpInterpreter(ModelFiles.Header header, MlpEnsemble ensemble, Device device, Precision precision, List<String> knownOptions) {
        this.header = header;
        this.ensemble = ensemble;
        this.device = device;
        this.precision = precision;
        this.score = new TaskOptions(header.task(), header.options(), knownOptions).imageScore();
        this.forward = new FusedEnsemble(ensemble, header.layout(), device, precision.computeType());
    }

    /** Switches to the naive reference path (upsample + concat + per-pixel MLPs), for comparison. */
    public void useNaivePath(int pixelsPerPass) {
        forward.close();
        forward = new NaiveEnsemble(ensemble, header.layout(), device, pixelsPerPass, precision.computeType());
    }

    @Override
    public String task() {
        return header.task();
    }

    @Override
    public List<String> labels() {
        return header.labels();
    }

    @Override
    public List<FeatureTap> taps() {
        return header.layout().taps();
    }

    @Override
    public int width() {
        return header.layout().width();
    }

    @Override
    public int height() {
        return header.layout().height();
    }

    @Override
    public void save(Path dir) throws IOException {
        ModelFiles.save(dir, header, ensemble);
    }

    @Override
    public void close() {
        forward.close();
        ensemble.close();
    }

    /**
     * The fused path's matrix products: each tap's first layer at the tap's own resolution (all
     * models at once), then layers two and three per output pixel. Upsampling, batch norm and the
     * vote are element-wise and left out.
     */
    @Override
    public OptionalDouble flopsPerImage() {
        MlpShape s = header.shape();
        int models = header.models();
        double flops = 0;
        for (FeatureTap t : header.layout().taps()) flops += 2.0 * t.channels() * s.hidden1() * models * t.resolution() * t.resolution();
        double pixels = (double) header.layout().width() * header.layout().height();
        flops += pixels * models * (2.0 * s.hidden1() * s.hidden2() + 2.0 * s.hidden2() * s.outputs());
        return OptionalDouble.of(flops);
    }
}
