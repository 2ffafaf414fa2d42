package dev.dgan.stylegan.v2;

/** Floating-point operations of one StyleGAN2 image, from the configuration alone. */
public final class StyleGan2Flops {

    private StyleGan2Flops() {}

    /**
     * 2 per multiply-add, counting the convolutions, toRGB and the fully connected layers
     * (mapping and every layer's style affine); resampling filters and element-wise work are
     * left out (a few percent). An up-sampling 3x3 conv runs as a stride-2 transposed conv on
     * its input resolution.
     */
    public static double forward(StyleGan2Config c) {
        double macs = 0;
        int w = c.wDim();
        macs += (double) c.zDim() * w + (double) (c.mappingLayers() - 1) * w * w;
        int prev = 0;
        for (int res : c.blockResolutions()) {
            int ch = c.channels(res);
            if (res > 4) {
                macs += (double) (res / 2) * (res / 2) * prev * ch * 9 + (double) w * prev;
            }
            macs += (double) res * res * ch * ch * 9 + (double) w * ch;
            macs += (double) res * res * ch * c.imgChannels() + (double) w * ch;
            prev = ch;
        }
        return 2 * macs;
    }
}
