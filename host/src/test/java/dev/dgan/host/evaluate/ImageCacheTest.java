package dev.dgan.host.evaluate;

import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageCacheTest {

    @Test
    void keepsDecodedImagesWithinItsBudgetAndStreamsBeyondIt() throws IOException {
        LabeledSource source = new DownstreamTest.ListSource(List.of(TinyWorld.draw(1), TinyWorld.draw(2)));
        ImageCache roomy = new ImageCache(source, 1 << 20);
        ImageCache none = new ImageCache(source, 0);

        assertSame(roomy.get(1), roomy.get(1));
        assertArrayEquals(TinyWorld.draw(2).rgb(), none.get(1).rgb());
        assertEquals(16, none.width());
        assertEquals(2, roomy.maxClassId());
    }

    @Test
    void anImageOfAnotherSizeIsNamed() throws IOException {
        LabeledImage small = new LabeledImage("small.png", new byte[3 * 4], new LabelMap(2, 2, new byte[4]));
        ImageCache cache = new ImageCache(new DownstreamTest.ListSource(List.of(TinyWorld.draw(1), small)), 0);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.get(1));

        assertTrue(e.getMessage().contains("small.png is 2x2, expected 16x16"), e.getMessage());
    }
}
