package dev.dgan.host.generate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardTest {

    @Test
    void shardsCoverEveryIndexExactlyOnce() {
        for (int total : new int[] {1, 7, 10, 1000}) {
            for (int n = 1; n <= 5; n++) {
                List<Integer> seen = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Shard s = new Shard(i, n);
                    for (int k = s.first(total); k < s.end(total); k++) seen.add(k);
                }
                assertEquals(total, seen.size());
                for (int k = 0; k < total; k++) assertEquals(k, seen.get(k));
            }
        }
    }

    @Test
    void parsesAndNamesShards() {
        assertEquals(new Shard(2, 4), Shard.parse(" 2/4 "));
        assertEquals("", Shard.WHOLE.suffix());
        assertEquals("-2-of-4", new Shard(2, 4).suffix());
        for (String bad : List.of("4/4", "-1/2", "1", "a/b", "1/0")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad));
            assertTrue(e.getMessage().contains("--shard"), e.getMessage());
        }
    }

    @Test
    void aShardOwnsItsSamplesFilesAndTheFilesNamedForIt() {
        Shard second = new Shard(1, 4); // samples 25..49 of 100
        for (String mine : List.of("000025.png", "000049.json", "metadata-1-of-4.jsonl", "run-1-of-4.json", "filter-1-of-4.json",
                "coco-instances-1-of-4.json", "shard-1-of-4-000000.tar"))
            assertTrue(second.owns(mine, 100), mine);
        for (String theirs : List.of("000024.png", "000050.png", "metadata-0-of-4.jsonl", "metadata.jsonl", "run-1-of-40.json",
                "shard-11-of-40-000000.tar"))
            assertFalse(second.owns(theirs, 100), theirs);
        assertTrue(Shard.WHOLE.owns("metadata.jsonl", 100));
        assertTrue(Shard.WHOLE.owns("001234.png", 100), "a whole run has no other shard to share with");
    }
}
