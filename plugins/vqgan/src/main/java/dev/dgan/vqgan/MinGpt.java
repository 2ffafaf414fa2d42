package dev.dgan.vqgan;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.Arrays;
import java.util.Map;

/**
 * taming's minGPT ({@code mingpt.GPT}) in eval mode: token plus learned position embedding,
 * pre-LN blocks {@code x + attn(ln1(x))}, {@code x + mlp(ln2(x))} with causal multi-head
 * attention and an exact-GELU MLP, final LayerNorm and a bias-free head. Two ways to run it:
 * the whole sequence at once ({@link #forward}), or one token at a time against a
 * {@link KvCache} ({@link #step}), as {@code forward_with_past} does when sampling.
 */
public final class MinGpt implements AutoCloseable {

    private final GptConfig config;
    private final Weights w;

    MinGpt(GptConfig config, Weights weights) {
        this.config = config;
        this.w = weights;
    }

    /**
     * The minGPT under {@code prefix} in {@code stateDict} (borrowed). Vocabulary, width, block
     * size and depth are read from {@code tok_emb.weight}, {@code pos_emb} and the
     * {@code blocks.i} names; the head count, which the weights do not show, is given.
     */
    static MinGpt fromStateDict(Map<String, Tensor> stateDict, String prefix, int nHead, String source, Device device) {
        Tensor tok = stateDict.get(prefix + "tok_emb.weight");
        Tensor pos = stateDict.get(prefix + "pos_emb");
        if (tok == null || tok.dim() != 2) {
            throw new IllegalArgumentException(source + ": missing tensor " + prefix + "tok_emb.weight [vocab_size, n_embd]"
                    + (tok == null ? "" : ", got " + Arrays.toString(tok.shape())));
        }
        if (pos == null || pos.dim() != 3 || pos.size(0) != 1 || pos.size(2) != tok.size(1)) {
            throw new IllegalArgumentException(source + ": tensor " + prefix + "pos_emb: expected shape [1, block_size, "
                    + tok.size(1) + "], got " + (pos == null ? "nothing" : Arrays.toString(pos.shape())));
        }
        int layers = 0;
        while (stateDict.containsKey(prefix + "blocks." + layers + ".ln1.weight")) layers++;
        if (layers == 0) throw new IllegalArgumentException(source + ": no " + prefix + "blocks.0.ln1.weight: not a minGPT");
        GptConfig config = new GptConfig((int) tok.size(0), (int) pos.size(1), layers, nHead, (int) tok.size(1));
        return new MinGpt(config, Weights.copy(stateDict, prefix, WeightShapes.gpt(config), source, "transformer", device));
    }

    public GptConfig config() {
        return config;
    }

    Device device() {
        return w.device();
    }

    /**
     * Logits [B, T, vocab] for int64 tokens {@code idx} [B, T] (T at most the block size); row t
     * predicts token t + 1. Traces {@code feat.embed}, {@code feat.block{i}.attn} (the attention
     * branch before the residual add), {@code feat.block{i}} and {@code feat.ln_f}.
     */
    public Tensor forward(Tensor idx, Trace trace) {
        if (idx.dim() != 2 || idx.size(1) < 1 || idx.size(1) > config.blockSize() || idx.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("tokens: expected integer [B, T] with 1 <= T <= block_size "
                    + config.blockSize() + ", got " + idx.dtype() + Arrays.toString(idx.shape()));
        }
        checkTokens(idx.toLongArray());
        long b = idx.size(0), t = idx.size(1);
        try (TensorScope s = TensorScope.open()) {
            Tensor tokens = Ops.toCopy(idx, DType.I64, device());
            Tensor pos = Ops.narrow(w.get("pos_emb"), 1, 0, t);
            Tensor x = Ops.add(NN.embedding(w.get("tok_emb.weight"), tokens), pos);
            trace.accept("feat.embed", x);
            Tensor mask = causalMask(t);
            for (int i = 0; i < config.nLayer(); i++) {
                String p = "blocks." + i;
                Tensor h = ln(p + ".ln1", x);
                Tensor q = heads(linear(p + ".attn.query", h), b, t);
                Tensor k = heads(linear(p + ".attn.key", h), b, t);
                Tensor v = heads(linear(p + ".attn.value", h), b, t);
                Tensor a = attend(q, k, v, mask, b, t);
                Tensor attnOut = linear(p + ".attn.proj", a);
                trace.accept("feat.block" + i + ".attn", attnOut);
                x = Ops.add(x, attnOut);
                x = Ops.add(x, mlp(p, x));
                trace.accept("feat.block" + i, x);
            }
            Tensor out = ln("ln_f", x);
            trace.accept("feat.ln_f", out);
            return s.keep(NN.linear(out, w.get("head.weight"), null));
        }
    }

    /**
     * One cached step: the logits [B, vocab] for int64 {@code tokens} [B] placed at position
     * {@code cache.length()}, attending to every cached position (no mask is needed: the query
     * is the newest token). Appends the step's keys and values to {@code cache}. Block
     * outputs [B, n_embd] go to {@code trace} as {@code feat.block{i}}.
     */
    public Tensor step(Tensor tokens, KvCache cache, Trace trace) {
        long b = tokens.size(0);
        int pos = cache.length();
        if (pos >= config.blockSize()) {
            throw new IllegalStateException("sequence is full: block size " + config.blockSize());
        }
        checkTokens(tokens.toLongArray());
        try (TensorScope s = TensorScope.open()) {
            Tensor tok = Ops.toCopy(tokens, DType.I64, device());
            Tensor pe = Ops.narrow(w.get("pos_emb"), 1, pos, 1);
            Tensor x = Ops.add(Ops.reshape(NN.embedding(w.get("tok_emb.weight"), tok), b, 1, config.nEmbd()), pe);
            for (int i = 0; i < config.nLayer(); i++) {
                String p = "blocks." + i;
                Tensor h = ln(p + ".ln1", x);
                Tensor q = heads(linear(p + ".attn.query", h), b, 1);
                Tensor k = heads(linear(p + ".attn.key", h), b, 1);
                Tensor v = heads(linear(p + ".attn.value", h), b, 1);
                cache.append(i, pos, k, v);
                Tensor a = attend(q, cache.keys(i, pos + 1), cache.values(i, pos + 1), null, b, 1);
                x = Ops.add(x, linear(p + ".attn.proj", a));
                x = Ops.add(x, mlp(p, x));
                trace.accept("feat.block" + i, Ops.reshape(x, b, config.nEmbd()));
            }
            cache.advance();
            Tensor logits = NN.linear(ln("ln_f", x), w.get("head.weight"), null);
            return s.keep(Ops.reshape(logits, b, config.vocabSize()));
        }
    }

    /** An empty cache for {@code batch} sequences of up to the block size. */
    public KvCache newCache(long batch) {
        return new KvCache(config, batch, device());
    }

    private void checkTokens(long[] ids) {
        for (long id : ids) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("token " + id + " out of range 0.." + (config.vocabSize() - 1));
            }
        }
    }

    private Tensor mlp(String p, Tensor x) {
        Tensor h = NN.gelu(linear(p + ".mlp.0", ln(p + ".ln2", x)), "none");
        return linear(p + ".mlp.2", h);
    }

    /** [B, T, C] -> [B, heads, T, head_dim]. */
    private Tensor heads(Tensor x, long b, long t) {
        return Ops.transpose(Ops.reshape(x, b, t, config.nHead(), config.headDim()), 1, 2);
    }

    /** softmax(q k^T / sqrt(head_dim) + mask) v, heads merged back to [B, T, C]. */
    private Tensor attend(Tensor q, Tensor k, Tensor v, Tensor mask, long b, long t) {
        Tensor att = Ops.mul(Ops.matmul(q, Ops.transpose(k, -2, -1)), 1.0 / Math.sqrt(config.headDim()));
        if (mask != null) att = Ops.add(att, mask);
        Tensor y = Ops.matmul(NN.softmax(att, -1), v);
        return Ops.reshape(Ops.contiguous(Ops.transpose(y, 1, 2)), b, t, config.nEmbd());
    }

    /** 0 on and below the diagonal, -inf above: adding it equals the reference's masked_fill. */
    private Tensor causalMask(long t) {
        float[] m = new float[(int) (t * t)];
        for (int i = 0; i < t; i++) for (int j = i + 1; j < t; j++) m[(int) (i * t + j)] = Float.NEGATIVE_INFINITY;
        Tensor host = Tensor.of(m, t, t);
        return device().isCpu() ? host : Ops.toCopy(host, DType.F32, device());
    }

    private Tensor ln(String p, Tensor x) {
        return NN.layerNorm(x, new long[] {config.nEmbd()}, w.get(p + ".weight"), w.get(p + ".bias"), GptConfig.LN_EPS);
    }

    private Tensor linear(String p, Tensor x) {
        return NN.linear(x, w.get(p + ".weight"), w.get(p + ".bias"));
    }

    @Override
    public void close() {
        w.close();
    }
}
