package dev.dgan.host.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleClassesTest {

    @Test
    void balancedRunsGiveEachClassItsBlockOfSamples() {
        var b = new SampleClasses.Balanced(List.of(5, 2, 5), 3);
        assertEquals(9, b.count());
        int[] got = new int[9];
        for (int i = 0; i < 9; i++) got[i] = b.classOf(i).getAsInt();
        assertEquals(List.of(5, 5, 5, 2, 2, 2, 5, 5, 5), java.util.Arrays.stream(got).boxed().toList());
        assertEquals(List.of(5, 2), b.distinct());
        assertThrows(IndexOutOfBoundsException.class, () -> b.classOf(9));
        assertThrows(IllegalArgumentException.class, () -> new SampleClasses.Balanced(List.of(1), 0));
        assertEquals(7, new SampleClasses.Fixed(7).classOf(100).getAsInt());
        assertTrue(SampleClasses.NONE.classOf(0).isEmpty());
    }

    @Test
    void shardsSplitABalancedRunIntoContiguousRanges() {
        var b = new SampleClasses.Balanced(List.of(0, 3), 2);
        Shard second = new Shard(1, 2);
        assertEquals(2, second.first(b.count()));
        assertEquals(3, b.classOf(second.first(b.count())).getAsInt(), "the second half is class 3's");
    }

    @Test
    void theClassListIsPartOfTheRunIdentity(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.json");
        RunSpec a = RunSpec.of("/m", "segmentation", 0, 4, Shard.WHOLE, 1.0, 0, List.of("png"), new SampleClasses.Balanced(List.of(0, 3), 2), "fp32");
        a.writeOrCheck(file);
        a.writeOrCheck(file);
        RunSpec reordered = RunSpec.of("/m", "segmentation", 0, 4, Shard.WHOLE, 1.0, 0, List.of("png"), new SampleClasses.Balanced(List.of(3, 0), 2), "fp32");
        var e = assertThrows(IllegalArgumentException.class, () -> reordered.writeOrCheck(file));
        assertTrue(e.getMessage().contains("holds another run"), e.getMessage());
        RunSpec fixed = RunSpec.of("/m", "segmentation", 0, 4, Shard.WHOLE, 1.0, 0, List.of("png"), new SampleClasses.Fixed(0), "fp32");
        assertThrows(IllegalArgumentException.class, () -> fixed.writeOrCheck(file));
    }
}
