package dev.dgan.biggan;

/**
 * Floating-point operations of one BigGAN-PyTorch forward pass for one image, 2 per
 * multiply-add, from the configuration alone: the fully connected layers (G.linear and the
 * conditional batch norms' gain/bias projections), every convolution
 * ({@code 2 * Cin * Cout * k * k * H * W} at its output size) and the two attention matrix
 * products. Batch norm, activations, upsampling, pooling and softmax are element-wise and left
 * out (well under 1% at 512 px).
 *
 * @param linear    G.linear and the conditional batch norms' linear layers
 * @param conv      conv1, conv2, conv_sc of every GBlock, attention's 1x1 convs, the output conv
 * @param attention the bmms {@code theta^T phi} and {@code g beta^T}
 */
public record FlopCount(double linear, double conv, double attention) {

    public static FlopCount of(BigGan512Config c) {
        double linear = mac(c.linearIn(), c.linearOut());
        double conv = 0, attention = 0;
        int bnIn = c.ccbnInputSize();
        for (BigGan512Config.Block b : c.blocks()) {
            double hw = (double) b.outResolution() * b.outResolution();
            linear += 2 * mac(bnIn, b.in()) + 2 * mac(bnIn, b.out()); // bn1, bn2: gain and bias each
            conv += mac(b.in() * 9L, b.out()) * hw;   // conv1 3x3 after upsampling
            conv += mac(b.out() * 9L, b.out()) * hw;  // conv2 3x3
            conv += mac(b.in(), b.out()) * hw;        // conv_sc 1x1 after upsampling
            if (b.attention()) {
                int ch = b.out();
                conv += (mac(ch, ch / 8) * 2 + mac(ch, ch / 2) + mac(ch / 2, ch)) * hw; // theta, phi, g, o
                double keys = hw / 4;                  // phi and g are 2x2 max-pooled
                attention += mac(ch / 8, hw * keys);   // theta^T phi: [HW, C/8] x [C/8, HW/4]
                attention += mac(ch / 2, hw * keys);   // g beta^T: [C/2, HW/4] x [HW/4, HW]
            }
        }
        double side = c.imageResolution();
        conv += mac(c.outputChannels() * 9L, 3) * side * side;
        return new FlopCount(linear, conv, attention);
    }

    /** FLOPs of {@code outputs} dot products of length {@code inputs}. */
    private static double mac(double inputs, double outputs) {
        return 2 * inputs * outputs;
    }

    public double total() {
        return linear + conv + attention;
    }

    public double gflop() {
        return total() / 1e9;
    }

    @Override
    public String toString() {
        return String.format("%.2f GFLOP per image (conv %.2f, attention %.3f, linear %.4f)", gflop(), conv / 1e9,
                attention / 1e9, linear / 1e9);
    }
}
