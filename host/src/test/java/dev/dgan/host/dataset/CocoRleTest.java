package dev.dgan.host.dataset;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CocoRleTest {

    static boolean[] mask(String... rows) {
        int w = rows[0].length();
        boolean[] m = new boolean[rows.length * w];
        for (int y = 0; y < rows.length; y++) for (int x = 0; x < w; x++) m[y * w + x] = rows[y].charAt(x) == '1';
        return m;
    }

    @Test
    void handCheckedSmallMask() {
        // rows:   001     columns top to bottom: 011 | 000 | 110
        //         101     -> column-major 0 1 1 0 0 0 1 1 0 -> counts [1, 2, 3, 2, 1]
        //         100
        // string: 1 -> '1' (48 + 1), 2 -> '2', 3 -> '3'; from the fourth count on, minus the count two back:
        //         2 - 2 = 0 -> '0';  1 - 3 = -2: low 5 bits 11110 = 30, the rest is -1 and bit 0x10 is the sign,
        //         so one group: 48 + 30 = 'N'
        CocoRle.Rle rle = CocoRle.encode(mask("001", "101", "100"), 3, 3);
        assertEquals(new CocoRle.Rle(3, 3, "1230N"), rle);
        assertArrayEquals(new int[] {1, 2, 3, 2, 1}, CocoRle.counts(rle));
        assertEquals(4, CocoRle.area(rle));
        assertArrayEquals(new int[] {0, 0, 3, 3}, CocoRle.bbox(rle));
        assertArrayEquals(mask("001", "101", "100"), CocoRle.decode(rle));
    }

    @Test
    void countsNeedingTwoCharacters() {
        // 8 x 8, last 3 columns set: counts [40, 24].
        // 40 = 1 * 32 + 8: group 8 with "more" (8 | 0x20 = 40) -> 48 + 40 = 'X', then 1 -> '1'.
        // 24 = 0b11000 has the sign bit 0x10 set, so a 0 group must follow to say "positive":
        // 24 | 0x20 = 56 -> 48 + 56 = 'h', then 0 -> '0'.
        boolean[] m = new boolean[64];
        for (int y = 0; y < 8; y++) for (int x = 5; x < 8; x++) m[y * 8 + x] = true;
        CocoRle.Rle rle = CocoRle.encode(m, 8, 8);
        assertEquals("X1h0", rle.counts());
        assertEquals(24, CocoRle.area(rle));
        assertArrayEquals(new int[] {5, 0, 3, 8}, CocoRle.bbox(rle));
    }

    @Test
    void emptyAndFullMasks() {
        CocoRle.Rle empty = CocoRle.encode(new boolean[6], 2, 3);
        assertEquals("6", empty.counts());
        assertEquals(0, CocoRle.area(empty));
        assertArrayEquals(new int[] {0, 0, 0, 0}, CocoRle.bbox(empty));
        assertArrayEquals(new boolean[6], CocoRle.decode(empty));

        boolean[] all = new boolean[6];
        java.util.Arrays.fill(all, true);
        CocoRle.Rle full = CocoRle.encode(all, 2, 3);
        assertEquals("06", full.counts()); // a leading run of zero 0s
        assertEquals(6, CocoRle.area(full));
        assertArrayEquals(new int[] {0, 0, 3, 2}, CocoRle.bbox(full));
        assertArrayEquals(all, CocoRle.decode(full));
    }

    @Test
    void randomMasksRoundTripWithExactAreaAndBox() {
        Random random = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            int h = 1 + random.nextInt(40), w = 1 + random.nextInt(40);
            double density = random.nextDouble();
            boolean blobby = random.nextBoolean();
            boolean[] m = new boolean[h * w];
            for (int i = 0; i < m.length; i++) {
                m[i] = blobby ? (i > 0 && random.nextDouble() < 0.9 ? m[i - 1] : random.nextDouble() < density) : random.nextDouble() < density;
            }
            CocoRle.Rle rle = CocoRle.encode(m, h, w);
            assertArrayEquals(m, CocoRle.decode(rle), "trial " + trial);
            int area = 0, xs = w, ys = h, xe = -1, ye = -1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (!m[y * w + x]) continue;
                    area++;
                    xs = Math.min(xs, x);
                    xe = Math.max(xe, x);
                    ys = Math.min(ys, y);
                    ye = Math.max(ye, y);
                }
            }
            assertEquals(area, CocoRle.area(rle), "trial " + trial);
            int[] box = area == 0 ? new int[] {0, 0, 0, 0} : new int[] {xs, ys, xe - xs + 1, ye - ys + 1};
            assertArrayEquals(box, CocoRle.bbox(rle), "trial " + trial);
            assertEquals(rle.counts(), CocoRle.rleToString(CocoRle.rleFromString(rle.counts())));
        }
    }

    @Test
    void largeAndNegativeDeltasSurviveTheStringForm() {
        int[] counts = {0, 1_000_000, 3, 7, 999_990, 1, 31, 32, 16, 15, 17};
        assertArrayEquals(counts, CocoRle.rleFromString(CocoRle.rleToString(counts)));
    }

    @Test
    void malformedRlesAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> CocoRle.counts(new CocoRle.Rle(2, 2, "3")));
        assertTrue(e.getMessage().contains("covers 3 pixels, expected 2x2 = 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CocoRle.rleFromString("1 2"));
        assertThrows(IllegalArgumentException.class, () -> CocoRle.rleFromString("X"));
        assertThrows(IllegalArgumentException.class, () -> CocoRle.encode(new boolean[5], 2, 3));
    }
}
