package dev.dgan.host.demo;

import dev.dgan.host.image.Connectivity;
import dev.dgan.host.image.PixelComponents;

/**
 * Rule step 6: which interior pixels could be eye and which mouth.
 *
 * <p>An eye is white and black with a grey blur between them, so an eye candidate is any pixel
 * of an 8-connected achromatic component that holds at least one white or black seed; a grey
 * patch without either is left as body. A mouth candidate is dark (absolutely, or relative to
 * the body) with red its largest channel: dark red or brown.
 *
 * @param eye   per pixel, row-major: an eye candidate
 * @param mouth per pixel, row-major: a mouth candidate (never also an eye candidate)
 */
record PartCandidates(boolean[] eye, boolean[] mouth) {

    /** Chroma up to this is achromatic whatever the body's colour. */
    static final int T_ACHRO = 60;
    /** A maximum channel up to this is dark. */
    static final int T_DARK = 150;
    /** Relative darkness: {@code DARK_DEN * max <= DARK_NUM * medianMax}, i.e. at most 4/5 of the body's brightness. */
    static final long DARK_NUM = 4;
    static final long DARK_DEN = 5;

    static PartCandidates find(RgbPixels image, boolean[] interior, BodyColour body) {
        int n = image.pixels();
        boolean[] achromatic = new boolean[n];
        for (int pixel = 0; pixel < n; pixel++) {
            int chroma = image.chroma(pixel);
            achromatic[pixel] = interior[pixel]
                    && (2L * chroma <= body.medianChroma() || chroma <= T_ACHRO || WhiteAndBlack.isBlack(image, pixel));
        }
        boolean[] eye = seededComponents(image, achromatic);
        boolean[] mouth = new boolean[n];
        for (int pixel = 0; pixel < n; pixel++) {
            long max = image.max(pixel);
            int r = image.red(pixel);
            boolean dark = max <= T_DARK || DARK_DEN * max <= DARK_NUM * body.medianMax();
            mouth[pixel] = interior[pixel] && !eye[pixel] && dark && r >= image.green(pixel) && r >= image.blue(pixel);
        }
        return new PartCandidates(eye, mouth);
    }

    /** Every pixel of an 8-connected achromatic component that contains a white or black pixel. */
    private static boolean[] seededComponents(RgbPixels image, boolean[] achromatic) {
        PixelComponents components = PixelComponents.of(achromatic, image.width(), image.height(), Connectivity.EIGHT);
        boolean[] seeded = new boolean[components.count()];
        for (int pixel = 0; pixel < achromatic.length; pixel++) {
            int id = components.ids()[pixel];
            if (id != PixelComponents.NONE && isEyeSeed(image, pixel)) seeded[id] = true;
        }
        boolean[] eye = new boolean[achromatic.length];
        for (int pixel = 0; pixel < eye.length; pixel++) {
            int id = components.ids()[pixel];
            eye[pixel] = id != PixelComponents.NONE && seeded[id];
        }
        return eye;
    }

    /** White (eye white) or black (pupil). */
    private static boolean isEyeSeed(RgbPixels image, int pixel) {
        return WhiteAndBlack.isWhite(image, pixel) || WhiteAndBlack.isBlack(image, pixel);
    }
}
