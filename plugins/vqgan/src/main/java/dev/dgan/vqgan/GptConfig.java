package dev.dgan.vqgan;

/**
 * A taming-transformers minGPT ({@code GPT}): vocabulary (codes and class tokens share it),
 * block size (longest sequence, read from {@code pos_emb}), depth, heads and width.
 * The MLP is 4 * width wide; LayerNorm eps 1e-5; the head has no bias.
 */
public record GptConfig(int vocabSize, int blockSize, int nLayer, int nHead, int nEmbd) {

    public static final double LN_EPS = 1e-5;

    public GptConfig {
        if (vocabSize <= 0 || blockSize <= 0 || nLayer <= 0 || nHead <= 0 || nEmbd <= 0) {
            throw new IllegalArgumentException("GPT sizes must be positive: vocab_size " + vocabSize + ", block_size "
                    + blockSize + ", n_layer " + nLayer + ", n_head " + nHead + ", n_embd " + nEmbd);
        }
        if (nEmbd % nHead != 0) {
            throw new IllegalArgumentException("n_embd " + nEmbd + " is not divisible by n_head " + nHead);
        }
    }

    public int headDim() {
        return nEmbd / nHead;
    }

    public int mlpHidden() {
        return 4 * nEmbd;
    }

    /** The class-conditional ImageNet transformer paired with the f16 VQGAN: 48 layers x 1536, 16x16 codes. */
    public static GptConfig imagenetCin() {
        return new GptConfig(16384, 256, 48, 24, 1536);
    }
}
