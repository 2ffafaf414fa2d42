package dev.dgan.host.generate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
