package dev.dgan.tasks.mlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses which pixels of an annotated sample to train on when not all of them fit the
 * memory budget. Every stratum (class) present gets an equal share first, so small labeled
 * regions are represented; what is left is shared in proportion to stratum size. Pixels
 * within a stratum are drawn uniformly without replacement. Deterministic for a seed.
 */
public final class PixelSampler {

    private PixelSampler() {}

    /**
     * {@code strata[i]} is pixel i's stratum (0 .. strataCount-1) or -1 to exclude it.
     * Returns at most {@code budget} sorted row-major pixel indices.
     */
    public static long[] sample(int[] strata, int strataCount, int budget, long seed) {
        List<List<Integer>> members = new ArrayList<>();
        for (int s = 0; s < strataCount; s++) members.add(new ArrayList<>());
        for (int i = 0; i < strata.length; i++) if (strata[i] >= 0) members.get(strata[i]).add(i);
        int total = 0;
        for (List<Integer> m : members) total += m.size();
        int[] take = new int[strataCount];
        if (total <= budget) {
            for (int s = 0; s < strataCount; s++) take[s] = members.get(s).size();
        } else {
            int present = 0;
            for (List<Integer> m : members) if (!m.isEmpty()) present++;
            int share = budget / Math.max(1, present);
            int used = 0, rest = 0;
            for (int s = 0; s < strataCount; s++) {
                take[s] = Math.min(members.get(s).size(), share);
                used += take[s];
                rest += members.get(s).size() - take[s];
            }
            int left = budget - used;
            for (int s = 0; s < strataCount && rest > 0; s++) {
                int extra = (int) ((long) left * (members.get(s).size() - take[s]) / rest);
                take[s] += extra;
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        long[] out = new long[Arrays.stream(take).sum()];
        int o = 0;
        for (int s = 0; s < strataCount; s++) {
            List<Integer> m = members.get(s);
            int[] pool = m.stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < take[s]; i++) { // partial Fisher-Yates
                int j = i + random.nextInt(pool.length - i);
                int tmp = pool[i];
                pool[i] = pool[j];
                pool[j] = tmp;
                out[o++] = pool[i];
            }
        }
        Arrays.sort(out);
        return out;
    }
}
