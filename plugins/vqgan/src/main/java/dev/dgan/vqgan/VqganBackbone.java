package dev.dgan.vqgan;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.Conditioning;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.ImageEncoder;
import dev.dgan.api.ImageNetClasses;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A taming-transformers VQGAN as a {@link Backbone}: latents are code grids
 * ({@link Latents.Kind#CODES}, int64 [N, h, w]) with class ids [N].
 *
 * <p>{@code sample} draws the codes with the class-conditional transformer (the class id is
 * token 0), one generator per seed, so a seed and class always give the same codes;
 * {@code synthesize} decodes any code grid. It does not truncate (requests at a truncation
 * other than 1 are refused): the sampler's temperature, top-k and top-p are set when the
 * backbone is built.
 *
 * <p>Transformer taps ({@link VqganTaps}) come from one teacher-forced pass over
 * {@code [class, codes]} of the grid being decoded, whether the codes were sampled, given in a
 * file or come from {@link #encode encoding} an image: for an encoded image the class is the
 * one the caller assigns, and the hidden states are those the transformer would have had while
 * drawing exactly these codes. Without a transformer in the checkpoint there are only decoder
 * taps and the backbone is unconditional (codes must be given).
 */
public final class VqganBackbone implements Backbone {

    public static final String NAME = "vqgan";
    public static final String VARIANT = "taming";

    private final FirstStage firstStage;
    private final Optional<MinGpt> gpt;
    private final SamplingOptions sampling;
    private final BackboneInfo info;
    private final Map<String, FeatureTap> decoderTaps;
    private final int classes;

    /**
     * Takes ownership of {@code model}, which needs a first stage.
     *
     * @param classes class count for the conditioning (class ids are tokens, so at most the
     *                vocabulary); ignored without a transformer
     */
    public VqganBackbone(VqganModel model, int classes, SamplingOptions sampling) {
        this.firstStage = model.firstStage().orElseThrow(() -> new IllegalArgumentException(
                "the checkpoint has no VQGAN first stage (decoder): a transformer alone cannot render images"));
        this.gpt = model.transformer();
        this.sampling = sampling;
        VqConfig c = firstStage.config();
        gpt.ifPresent(g -> {
            if (g.config().blockSize() < c.latentSide() * c.latentSide()) {
                throw new IllegalArgumentException("transformer block size " + g.config().blockSize() + " is shorter than"
                        + " the " + c.latentSide() + "x" + c.latentSide() + " code grid");
            }
            if (classes < 1 || classes > g.config().vocabSize()) {
                throw new IllegalArgumentException("class count " + classes + " must be in 1.." + g.config().vocabSize()
                        + " (class ids are tokens of the code vocabulary)");
            }
        });
        this.classes = classes;
        Conditioning cond = gpt.isEmpty() ? Conditioning.NONE
                : new Conditioning.ClassLabels(classes, classes == ImageNetClasses.COUNT ? ImageNetClasses.get().names() : List.of());
        List<FeatureTap> taps = VqganTaps.all(c, gpt.map(MinGpt::config));
        this.info = new BackboneInfo(NAME, VARIANT, c.resolution(), c.outChannels(), cond,
                c.latentSide() * c.latentSide(), 0, 0, taps, VqganTaps.levels(taps, c));
        this.decoderTaps = VqganTaps.decoderTaps(c);
    }

    @Override
    public BackboneInfo info() {
        return info;
    }

    public VqConfig config() {
        return firstStage.config();
    }

    public Optional<MinGpt> transformer() {
        return gpt;
    }

    public FirstStage firstStage() {
        return firstStage;
    }

    /** One code grid per seed, drawn by the transformer after the seed's class token. */
    @Override
    public Latents sample(SampleRequest request) {
        if (request.truncation() != 1.0)
            throw new IllegalArgumentException("VQGAN does not truncate (its sampler has temperature, top-k and top-p"
                    + " instead): truncation must be 1, got " + request.truncation());
        MinGpt g = gpt.orElseThrow(() -> new IllegalArgumentException("this VQGAN checkpoint has no transformer, so it"
                + " cannot draw codes; give a code grid instead (--latents with codes [N, h, w])"));
        int[] ids = request.classIds().orElseThrow(() -> new IllegalArgumentException("the VQGAN transformer is"
                + " class-conditional (" + classes + " classes): the sample request needs one class id per seed"));
        long[] tokens = new long[ids.length];
        for (int i = 0; i < ids.length; i++) tokens[i] = checkClass(ids[i]);
        int side = config().latentSide();
        try (TensorScope s = TensorScope.open(); ExpNoise noise = ExpNoise.perSample(request.seeds())) {
            Tensor codes = new CodeSampler(g).sample(tokens, side * side, sampling, noise, CodeSampler.StepListener.NONE);
            Tensor grid = TensorScope.release(Ops.reshape(codes, ids.length, side, side));
            Tensor c;
            try {
                c = TensorScope.release(Tensor.of(tokens, ids.length));
            } catch (RuntimeException e) {
                grid.close();
                throw e;
            }
            return new Latents(Latents.Kind.CODES, grid, Optional.of(c));
        }
    }

    /**
     * {@code VQModel.encode}: images [N, 3, H, W] in [-1, 1] to their nearest codes, with
     * {@code classIds} attached for the transformer taps; needs the encoder in the checkpoint.
     */
    public Latents encode(Tensor images, long[] classIds) {
        return encode(images, Optional.of(classIds));
    }

    /** Encoding for the host: present when the checkpoint holds the encoder weights. */
    @Override
    public Optional<ImageEncoder> encoder() {
        if (!firstStage.hasEncoder()) return Optional.empty();
        return Optional.of((images, ids) -> encode(images,
                ids.map(a -> Arrays.stream(a).asLongStream().toArray())));
    }

    /**
     * As {@link #encode(Tensor, long[])}; without class ids the codes carry none, which only a
     * backbone without a transformer accepts (its taps are the decoder's).
     */
    public Latents encode(Tensor images, Optional<long[]> classIds) {
        long n = images.dim() == 4 ? images.size(0) : -1;
        VqConfig c = config();
        if (images.dim() != 4 || images.size(1) != c.inChannels() || images.size(2) != c.resolution()
                || images.size(3) != c.resolution() || classIds.map(ids -> ids.length != n).orElse(false)) {
            throw new IllegalArgumentException("images: expected [" + classIds.map(ids -> Integer.toString(ids.length))
                    .orElse("N") + ", " + c.inChannels() + ", " + c.resolution() + ", " + c.resolution() + "], got "
                    + Arrays.toString(images.shape()));
        }
        if (classIds.isEmpty() && gpt.isPresent()) {
            throw new IllegalArgumentException("the VQGAN transformer is class-conditional (" + classes + " classes):"
                    + " encoded images need one class id each for the transformer taps");
        }
        classIds.ifPresent(ids -> { for (long id : ids) checkClass(id); });
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ops.toCopy(images, DType.F32, firstStage.device());
            try (VectorQuantizer.Quantized q = firstStage.encode(x, Trace.NONE)) {
                Tensor codes = TensorScope.release(Ops.toCopy(q.indices(), DType.I64, Device.CPU));
                try {
                    Optional<Tensor> cls = classIds.map(ids -> TensorScope.release(Tensor.of(ids, ids.length)));
                    return new Latents(Latents.Kind.CODES, codes, cls);
                } catch (RuntimeException e) {
                    codes.close();
                    throw e;
                }
            }
        }
    }

    @Override
    public Tensor synthesize(Latents latents, FeatureSink taps) {
        FeatureSink sink = taps == null ? FeatureSink.NONE : taps;
        Tensor codes = checkCodes(latents);
        try (TensorScope s = TensorScope.open()) {
            if (gpt.isPresent() && sink != FeatureSink.NONE) {
                Tensor c = latents.classes().orElseThrow(() -> new IllegalArgumentException(
                        "transformer taps need the class ids (c [N]) of the code grids"));
                transformerTaps(gpt.get(), codes, c, sink);
            }
            Tensor img = firstStage.decodeCodes(Ops.toCopy(codes, DType.I64, firstStage.device()), (name, t) -> {
                FeatureTap tap = decoderTaps.get(name);
                if (tap != null) sink.accept(tap, t);
            });
            return s.keep(img);
        }
    }

    /** The teacher-forced pass over [class, z_0 .. z_{hw-2}]; tapped block outputs laid out on the grid. */
    private void transformerTaps(MinGpt g, Tensor codes, Tensor classIds, FeatureSink sink) {
        long n = codes.size(0), h = codes.size(1), w = codes.size(2);
        long[] cls = classIds.toLongArray();
        if (cls.length != n) throw new IllegalArgumentException("class ids: expected " + n + ", got " + cls.length);
        for (long id : cls) checkClass(id);
        Tensor seq = Ops.cat(List.of(Tensor.of(cls, n, 1), Ops.narrow(Ops.reshape(Ops.toCopy(codes, DType.I64, Device.CPU),
                n, h * w), 1, 0, h * w - 1)), 1);
        List<Integer> tapped = VqganTaps.transformerBlocks(g.config());
        g.forward(seq, (name, t) -> {
            if (!name.startsWith("feat.block") || name.endsWith(".attn")) return;
            int block = Integer.parseInt(name.substring("feat.block".length()));
            if (!tapped.contains(block)) return;
            FeatureTap tap = info.tap("gpt.block" + block).orElseThrow();
            sink.accept(tap, Ops.contiguous(Ops.reshape(Ops.permute(t, 0, 2, 1), n, t.size(2), h, w)));
        });
    }

    private Tensor checkCodes(Latents latents) {
        if (latents.kind() != Latents.Kind.CODES) {
            throw new IllegalArgumentException("VQGAN takes code grids (codes [N, h, w] int64), got " + latents.kind());
        }
        Tensor codes = latents.values();
        int side = config().latentSide();
        long[] s = codes.shape();
        if (s.length != 3 || s[0] < 1 || s[1] != side || s[2] != side || codes.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("codes: expected integer [N, " + side + ", " + side + "], got "
                    + codes.dtype() + Arrays.toString(s));
        }
        for (long v : codes.toLongArray()) {
            if (v < 0 || v >= config().nEmbed()) {
                throw new IllegalArgumentException("code " + v + " out of range 0.." + (config().nEmbed() - 1));
            }
        }
        return codes;
    }

    private long checkClass(long id) {
        if (gpt.isEmpty()) return id;
        if (id < 0 || id >= classes) throw new IllegalArgumentException("class id " + id + " out of range 0.." + (classes - 1));
        return id;
    }

    @Override
    public void close() {
        firstStage.close();
        gpt.ifPresent(MinGpt::close);
    }

    @Override
    public String toString() {
        return "VqganBackbone(" + config().resolution() + "px, codebook " + config().nEmbed()
                + gpt.map(g -> ", transformer " + g.config().nLayer() + "x" + g.config().nEmbd()).orElse("") + ")";
    }
}
