package dev.dgan.spark;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkArgsTest {

    @Test
    void sparkOptionsAreTakenOutAndTheRestGoesToGenerate() {
        SparkArgs a = SparkArgs.parse("generate", "--master", "local[2]", "--partitions=7", "--model", "m", "--count", "30",
                "--out", "hdfs:///d", "--device", "cpu", "--seed", "5");
        assertEquals("local[2]", a.master());
        assertEquals(7, a.partitions());
        assertEquals(3, a.rounds());
        assertEquals("hdfs:///d", a.out());
        assertEquals(30, a.count());
        assertEquals(List.of("--model", "m", "--count", "30", "--device", "cpu", "--seed", "5"), a.generate());
        assertEquals(List.of("--model", "m", "--count", "30", "--seed", "5"), a.without("--device"));
        assertEquals("cpu", a.option("--device"));
        assertNull(a.option("--plugins"));
    }

    @Test
    void shardsAreTheApplicationsToSet() {
        var e = assertThrows(IllegalArgumentException.class, () -> SparkArgs.parse("generate", "--count", "4", "--out", "d", "--shard", "0/2"));
        assertTrue(e.getMessage().contains("--shard is set per partition"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparkArgs.parse("generate", "--count", "4", "--out", "d", "--defer-filter"));
    }

    @Test
    void countAndOutAreRequiredAndPartitionsFitTheCount() {
        assertThrows(IllegalArgumentException.class, () -> SparkArgs.parse("generate", "--out", "d"));
        assertThrows(IllegalArgumentException.class, () -> SparkArgs.parse("generate", "--count", "4"));
        assertThrows(IllegalArgumentException.class, () -> SparkArgs.parse("generate", "--count", "4", "--out", "d", "--partitions", "5"));
        assertThrows(IllegalArgumentException.class, () -> SparkArgs.parse("sample", "--count", "4", "--out", "d"));
    }
}
