package dev.dgan.tasks.mlp;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixelSamplerTest {

    @Test
    void smallRegionsKeepAllTheirPixelsWhenTheBudgetIsTight() {
        int[] strata = new int[10_000];
        for (int i = 0; i < 40; i++) strata[i] = 1;        // a 40-pixel region
        for (int i = 40; i < 100; i++) strata[i] = -1;     // void
        long[] picked = PixelSampler.sample(strata, 3, 500, 1);
        assertEquals(500, picked.length);
        long small = Arrays.stream(picked).filter(p -> p < 40).count();
        assertEquals(40, small, "the small class is fully represented");
        assertTrue(Arrays.stream(picked).noneMatch(p -> p >= 40 && p < 100), "void pixels are never picked");
        assertArrayEquals(picked, PixelSampler.sample(strata, 3, 500, 1), "deterministic for a seed");
        assertEquals(Arrays.stream(picked).distinct().count(), picked.length, "without replacement");
    }

    @Test
    void everythingIsTakenWhenItFits() {
        int[] strata = {0, 1, -1, 1, 0};
        assertArrayEquals(new long[] {0, 1, 3, 4}, PixelSampler.sample(strata, 2, 100, 9));
    }
}
