package dev.dgan.host.evaluate;

import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationTest {

    @Test
    void noneReturnsTheImageItself() {
        LabeledImage image = TinyWorld.draw(1);
        assertSame(image, Augmentation.NONE.apply(image, new SplittableRandom(1)));
    }

    @Test
    void flipMirrorsImageAndLabelsTogether() {
        LabeledImage image = TinyWorld.draw(2);
        Augmentation flipOnly = new Augmentation(true, 1, 1);
        SplittableRandom r = new SplittableRandom(0);
        LabeledImage out;
        do out = flipOnly.apply(image, r); while (out == image); // a coin toss decides each flip

        int w = image.width();
        for (int y = 0; y < image.height(); y++)
            for (int x = 0; x < w; x++) {
                assertEquals(image.labels().at(w - 1 - x, y), out.labels().at(x, y));
                for (int c = 0; c < 3; c++)
                    assertEquals(image.rgb()[3 * (y * w + w - 1 - x) + c], out.rgb()[3 * (y * w + x) + c]);
            }
    }

    @Test
    void shrinkingLeavesVoidBordersAndKeepsTheCentre() {
        byte[] labels = new byte[16 * 16];
        java.util.Arrays.fill(labels, (byte) 1);
        LabeledImage image = new LabeledImage("ones", new byte[3 * 256], new LabelMap(16, 16, labels));

        LabeledImage out = new Augmentation(false, 0.5, 0.5).apply(image, new SplittableRandom(3));

        assertEquals(LabelMap.VOID, out.labels().at(0, 0), "a pixel from outside the source image carries no label");
        assertEquals(1, out.labels().at(8, 8));
        int labelled = 0;
        for (byte b : out.labels().labels()) if (b == 1) labelled++;
        assertEquals(64, labelled, "half the size in each direction: a quarter of the pixels");
    }

    @Test
    void theSameSeedGivesTheSameAugmentation() {
        LabeledImage image = TinyWorld.draw(5);
        LabeledImage a = Augmentation.DEFAULT.apply(image, new SplittableRandom(42));
        LabeledImage b = Augmentation.DEFAULT.apply(image, new SplittableRandom(42));
        assertArrayEquals(a.rgb(), b.rgb());
        assertArrayEquals(a.labels().labels(), b.labels().labels());
        boolean differs = false;
        for (long seed = 0; seed < 10 && !differs; seed++) {
            LabeledImage c = Augmentation.DEFAULT.apply(image, new SplittableRandom(seed));
            differs = !java.util.Arrays.equals(a.labels().labels(), c.labels().labels());
        }
        assertTrue(differs, "other seeds augment differently");
    }
}
