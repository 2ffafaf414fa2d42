package dev.dgan.vqgan;

/**
 * Floating-point operations for one image, 2 per multiply-add, from the configuration alone.
 * Element-wise work (norms, activations, softmax, upsampling) is left out.
 *
 * @param decoder      post_quant_conv and every decoder convolution at its output size, plus
 *                     the AttnBlocks' two matrix products
 * @param transformer  one teacher-forced pass over the code sequence (hw tokens): q, k, v,
 *                     proj, MLP and head matmuls, and the causal attention products (counted
 *                     over the full square, as the kernels compute it)
 * @param sampler      drawing the hw codes with the key/value cache: each step's matmuls for one
 *                     token plus attention against the cached positions
 */
public record FlopCount(double decoder, double transformer, double sampler) {

    public static FlopCount of(VqConfig c, GptConfig g) {
        double dec = 0;
        int side = c.latentSide();
        dec += conv(c.embedDim(), c.zChannels(), 1, side);
        dec += conv(c.zChannels(), c.bottomChannels(), 3, side);
        int ch = c.bottomChannels();
        dec += 2 * resnet(ch, ch, side) + attn(ch, side);
        for (VqConfig.UpLevel level : c.upLevels()) {
            for (VqConfig.Block b : level.blocks()) {
                dec += resnet(b.in(), b.out(), level.side());
                if (b.attention()) dec += attn(b.out(), level.side());
                ch = b.out();
            }
            if (level.upsample()) dec += conv(ch, ch, 3, level.side() * 2);
        }
        dec += conv(ch, c.outChannels(), 3, c.resolution());
        double t = side * side;
        double d = g.nEmbd();
        double perToken = g.nLayer() * (4 * 2 * d * d + 2 * 2 * d * g.mlpHidden()) + 2 * d * g.vocabSize();
        double full = t * perToken + g.nLayer() * 2 * (2 * t * t * d);
        double cached = t * perToken + g.nLayer() * 2 * (2 * d * t * (t + 1) / 2);
        return new FlopCount(dec, full, cached);
    }

    private static double conv(int in, int out, int k, int side) {
        return 2.0 * in * out * k * k * side * side;
    }

    private static double resnet(int in, int out, int side) {
        return conv(in, out, 3, side) + conv(out, out, 3, side) + (in != out ? conv(in, out, 1, side) : 0);
    }

    private static double attn(int ch, int side) {
        double hw = (double) side * side;
        return 4 * conv(ch, ch, 1, side) + 2 * (2 * hw * hw * ch);
    }

    public double total() {
        return decoder + sampler;
    }

    @Override
    public String toString() {
        return String.format("decoder %.1f GFLOP, transformer pass %.1f GFLOP, cached sampling %.1f GFLOP per image",
                decoder / 1e9, transformer / 1e9, sampler / 1e9);
    }
}
