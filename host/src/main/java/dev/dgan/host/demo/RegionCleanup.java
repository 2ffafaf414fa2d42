package dev.dgan.host.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rule step 2b: thin colour fringes are merged into the object they border, then specks are
 * dropped to background.
 *
 * <p>Readings of the text, each the one under which the shipped demo masks come out exactly:
 * <ul>
 *   <li>"Fewer than 20" and "at least 20" split at 20: a region of exactly 20 pixels is never
 *       thin and can take fringes.</li>
 *   <li>Thin: nothing survives a one-pixel erosion with the 4-neighbour cross, pixels outside the
 *       image counting as outside the region (this choice does not change the demo masks).</li>
 *   <li>Touching and the shared border use 4-neighbours; the border is the number of
 *       4-adjacent pixel pairs. Only regions of at least 20 pixels compete for the longest
 *       border (the longest among all touching regions does not reproduce the masks); a tie
 *       goes to the lowest region id.</li>
 *   <li>Merges happen one at a time, smallest thin region first (ties by region id), and each
 *       merge is seen by the later ones. So a fringe pixel that touches only another fringe
 *       joins the object once that fringe has, if that fringe is smaller or has a lower id.
 *       Neither one simultaneous pass nor repeating passes until nothing changes reproduces
 *       the masks.</li>
 *   <li>Dropped specks become background and stop counting as foreground for the shape
 *       step.</li>
 * </ul>
 */
final class RegionCleanup {

    static final int THIN_BELOW = 20;
    static final int DROP_BELOW = 8;

    private RegionCleanup() {
    }

    static void mergeThinFringes(RegionMap regions) {
        int[] sizes = regions.sizes();
        List<Integer> thin = new ArrayList<>();
        for (int id = 0; id < regions.count(); id++) {
            if (sizes[id] > 0 && sizes[id] < THIN_BELOW && erodesAway(regions, id)) thin.add(id);
        }
        thin.sort(Comparator.<Integer>comparingInt(id -> sizes[id]).thenComparingInt(id -> id));
        for (int id : thin) {
            int target = longestBorderWithLargeRegion(regions, id, sizes);
            if (target == RegionMap.NONE) continue;
            regions.relabel(id, target);
            sizes[target] += sizes[id];
            sizes[id] = 0;
        }
    }

    static void dropSmall(RegionMap regions) {
        int[] sizes = regions.sizes();
        for (int id = 0; id < regions.count(); id++) {
            if (sizes[id] > 0 && sizes[id] < DROP_BELOW) regions.relabel(id, RegionMap.NONE);
        }
    }

    /** Whether a one-pixel erosion with the 4-neighbour cross leaves nothing of the region. */
    private static boolean erodesAway(RegionMap regions, int id) {
        for (int y = 0; y < regions.height(); y++) {
            for (int x = 0; x < regions.width(); x++) {
                if (regions.at(x, y) == id && regions.at(x - 1, y) == id && regions.at(x + 1, y) == id
                        && regions.at(x, y - 1) == id && regions.at(x, y + 1) == id) return false;
            }
        }
        return true;
    }

    private static int longestBorderWithLargeRegion(RegionMap regions, int id, int[] sizes) {
        int[] border = new int[regions.count()];
        for (int y = 0; y < regions.height(); y++) {
            for (int x = 0; x < regions.width(); x++) {
                if (regions.at(x, y) != id) continue;
                count(border, regions.at(x - 1, y), id, sizes);
                count(border, regions.at(x + 1, y), id, sizes);
                count(border, regions.at(x, y - 1), id, sizes);
                count(border, regions.at(x, y + 1), id, sizes);
            }
        }
        int best = RegionMap.NONE;
        for (int other = 0; other < border.length; other++) {
            if (border[other] > 0 && (best == RegionMap.NONE || border[other] > border[best])) best = other;
        }
        return best;
    }

    private static void count(int[] border, int neighbour, int id, int[] sizes) {
        if (neighbour != RegionMap.NONE && neighbour != id && sizes[neighbour] >= THIN_BELOW) border[neighbour]++;
    }
}
