package dev.dgan.host.demo;

import dev.dgan.host.image.Connectivity;
import dev.dgan.host.image.PixelComponents;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule steps 7 and 8: labels for the parts. Candidate components vote as a whole, so a blurred
 * eye with a few reddish-dark pixels stays one eye; then a closing pass fills the one-pixel gaps
 * GAN blur leaves inside eyes and mouths.
 */
final class PartLabels {

    static final int BODY = 1;
    static final int EYE = 2;
    static final int MOUTH = 3;
    /** A candidate component smaller than this is noise and stays body. */
    static final int MIN_PART = 3;
    /** A body pixel with this many of its 8 neighbours in one part joins that part. */
    static final int CLOSE_N = 5;

    private PartLabels() {
    }

    /**
     * Labels the candidate components (step 7) in {@code labels}, where the object is already
     * {@link #BODY}, and returns them in raster order of their first pixel.
     */
    static List<PartComponent> labelComponents(byte[] labels, PartCandidates candidates, int width, int height) {
        boolean[] eye = candidates.eye(), mouth = candidates.mouth();
        boolean[] either = new boolean[labels.length];
        for (int pixel = 0; pixel < either.length; pixel++) either[pixel] = eye[pixel] || mouth[pixel];
        PixelComponents components = PixelComponents.of(either, width, height, Connectivity.EIGHT);

        int[] eyeVotes = new int[components.count()], mouthVotes = new int[components.count()];
        for (int pixel = 0; pixel < either.length; pixel++) {
            int id = components.ids()[pixel];
            if (id == PixelComponents.NONE) continue;
            if (eye[pixel]) eyeVotes[id]++;
            else mouthVotes[id]++;
        }
        List<PartComponent> parts = new ArrayList<>();
        int[] clsOf = new int[components.count()];
        for (int id = 0; id < components.count(); id++) {
            int size = components.sizes()[id];
            // ties go to eye
            clsOf[id] = size < MIN_PART ? BODY : eyeVotes[id] >= mouthVotes[id] ? EYE : MOUTH;
            parts.add(new PartComponent(size, eyeVotes[id], mouthVotes[id], clsOf[id]));
        }
        for (int pixel = 0; pixel < labels.length; pixel++) {
            int id = components.ids()[pixel];
            if (id != PixelComponents.NONE) labels[pixel] = (byte) clsOf[id];
        }
        return parts;
    }

    /**
     * Step 8: a body pixel with at least {@link #CLOSE_N} eye neighbours becomes eye, else with
     * at least that many mouth neighbours mouth. Every pixel reads the labels from before the
     * pass, so the result does not depend on the order pixels are visited in.
     */
    static void close(byte[] labels, int width, int height) {
        byte[] before = labels.clone();
        for (int row = 0; row < height; row++) {
            for (int column = 0; column < width; column++) {
                int pixel = row * width + column;
                if (before[pixel] != BODY) continue;
                int eyes = 0, mouths = 0;
                for (int k = 0; k < Connectivity.EIGHT.count(); k++) {
                    int next = Connectivity.EIGHT.neighbour(k, row, column, width, height);
                    if (next < 0) continue;
                    if (before[next] == EYE) eyes++;
                    else if (before[next] == MOUTH) mouths++;
                }
                if (eyes >= CLOSE_N) labels[pixel] = EYE;
                else if (mouths >= CLOSE_N) labels[pixel] = MOUTH;
            }
        }
    }
}
