package dev.dgan.host.demo;

import dev.dgan.host.image.Connectivity;
import dev.dgan.host.image.PixelComponents;

import java.util.Optional;

/**
 * Rule steps 3 and 4: the object is the largest 4-connected component of the pixels that are
 * not background-like, with its holes filled. Holes matter because eye whites, pupils and dark
 * mouths can pass the background test, and inside the body they are still the critter.
 */
final class ObjectMask {

    /** An object smaller than this is no critter: the whole image is background. */
    static final int MIN_OBJECT = 20;

    private ObjectMask() {
    }

    /** The object's pixels, row-major, or empty when the largest candidate has under {@link #MIN_OBJECT} pixels. */
    static Optional<boolean[]> find(boolean[] backgroundLike, int width, int height) {
        boolean[] foreground = new boolean[backgroundLike.length];
        for (int i = 0; i < foreground.length; i++) foreground[i] = !backgroundLike[i];
        PixelComponents candidates = PixelComponents.of(foreground, width, height, Connectivity.FOUR);
        int largest = candidates.largest();
        if (largest < 0 || candidates.sizes()[largest] < MIN_OBJECT) return Optional.empty();

        boolean[] object = new boolean[foreground.length];
        for (int i = 0; i < object.length; i++) object[i] = candidates.ids()[i] == largest;
        fillHoles(object, width, height);
        return Optional.of(object);
    }

    /** Adds to the object every 4-connected component of the rest that touches no border pixel. */
    private static void fillHoles(boolean[] object, int width, int height) {
        boolean[] outside = new boolean[object.length];
        for (int i = 0; i < object.length; i++) outside[i] = !object[i];
        PixelComponents rest = PixelComponents.of(outside, width, height, Connectivity.FOUR);
        boolean[] reachesBorder = new boolean[rest.count()];
        for (int row = 0; row < height; row++) {
            for (int column = 0; column < width; column++) {
                int id = rest.ids()[row * width + column];
                if (id != PixelComponents.NONE && BackgroundPlane.onBorder(row, column, width, height)) reachesBorder[id] = true;
            }
        }
        for (int i = 0; i < object.length; i++) {
            int id = rest.ids()[i];
            if (id != PixelComponents.NONE && !reachesBorder[id]) object[i] = true;
        }
    }

    /**
     * Object pixels whose four 4-neighbours all exist and are object pixels. Only these can be
     * eye or mouth: the rim, where the body blends into the background, would otherwise read
     * as a dark mouth against a dark background.
     */
    static boolean[] interior(boolean[] object, int width, int height) {
        boolean[] interior = new boolean[object.length];
        for (int row = 0; row < height; row++) {
            for (int column = 0; column < width; column++) {
                int pixel = row * width + column;
                boolean inside = object[pixel];
                for (int k = 0; inside && k < Connectivity.FOUR.count(); k++) {
                    int next = Connectivity.FOUR.neighbour(k, row, column, width, height);
                    inside = next >= 0 && object[next];
                }
                interior[pixel] = inside;
            }
        }
        return interior;
    }
}
