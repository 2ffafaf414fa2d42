package dev.dgan.host.demo;

import java.util.Arrays;

/**
 * Rule step 5: the typical colour of the object, as lower medians over all its pixels. Most
 * object pixels are body, so these stand for the body colour, and step 6 reads greyness and
 * darkness relative to them as well as in absolute terms.
 *
 * @param medianChroma lower median of {@code max - min}
 * @param medianMax    lower median of the largest channel
 */
record BodyColour(int medianChroma, int medianMax) {

    static BodyColour of(RgbPixels image, boolean[] object) {
        int count = 0;
        for (boolean in : object) if (in) count++;
        int[] chroma = new int[count], max = new int[count];
        int k = 0;
        for (int pixel = 0; pixel < object.length; pixel++) {
            if (!object[pixel]) continue;
            chroma[k] = image.chroma(pixel);
            max[k] = image.max(pixel);
            k++;
        }
        return new BodyColour(lowerMedian(chroma), lowerMedian(max));
    }

    /** The element at 0-based index {@code (N-1)/2} of the sorted values. */
    private static int lowerMedian(int[] values) {
        Arrays.sort(values);
        return values[(values.length - 1) / 2];
    }
}
