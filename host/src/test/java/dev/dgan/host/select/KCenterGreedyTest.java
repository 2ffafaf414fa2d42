package dev.dgan.host.select;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KCenterGreedyTest {

    // two tight clusters and one outlier on a line
    static final float[][] POINTS = {{0f}, {0.1f}, {0.2f}, {5f}, {5.1f}, {20f}};

    @Test
    void startsNearTheMeanThenTakesTheFarthestEachTime() {
        List<KCenterGreedy.Pick> picks = KCenterGreedy.pick(POINTS, new float[0][], 3);
        // mean 5.07: the first pick is 5.1, then the outlier 20, then the cluster at 0
        assertEquals(List.of(4, 5, 0), picks.stream().map(KCenterGreedy.Pick::candidate).toList());
        assertEquals(14.9, picks.get(1).distance(), 1e-5);
    }

    @Test
    void keepsAwayFromGivenCentres() {
        List<KCenterGreedy.Pick> picks = KCenterGreedy.pick(POINTS, new float[][] {{20f}, {0f}}, 1);
        assertEquals(4, picks.getFirst().candidate(), "farthest from 0 and 20 is 5.1 (distance 5.1 beats 5.0)");
    }

    @Test
    void refusesToPickMoreThanThereAre() {
        assertThrows(IllegalArgumentException.class, () -> KCenterGreedy.pick(POINTS, new float[0][], 7));
    }

    @Test
    void selectionFiltersByUncertaintyBeforeCovering() {
        long[] seeds = {10, 11, 12, 13, 14, 15};
        double[] u = {0.9, 0.8, 0.1, 0.7, 0.2, 0.05};
        Selection s = Selection.choose(new CandidatePool.Described(seeds, POINTS, u), new float[0][], 2, 0.5, 10);
        // the uncertain half is seeds 10, 11, 13 (points 0, 0.1, 5): 0.1 is nearest their mean, then 5 is farthest
        assertEquals(List.of(11L, 13L), s.picked().stream().map(Selection.Picked::seed).toList());
        assertEquals(6, s.candidates().size());
    }
}
