package dev.dgan.host.demo;

import java.util.EnumMap;
import java.util.Map;

/**
 * Rule step 3: a region's class is the template it mismatches least. Template pixels covered by
 * another region are not counted as missing, because that object may occlude this one.
 * "Another foreground region" means a region still standing after specks were dropped: counting
 * dropped specks as occluders does not reproduce the demo's mismatches. A tie goes to the lowest
 * class id (disc before square before triangle), as in the demo (e.g. sample 6's 10-pixel disc).
 */
final class ShapeClassifier {

    private ShapeClassifier() {
    }

    static RuleRegion classify(RegionMap regions, int id, int size) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = 0; y < regions.height(); y++) {
            for (int x = 0; x < regions.width(); x++) {
                if (regions.at(x, y) != id) continue;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        int width = x1 - x0 + 1, height = y1 - y0 + 1;
        Map<ShapeTemplate, Double> mismatch = new EnumMap<>(ShapeTemplate.class);
        ShapeTemplate best = null;
        int bestErrors = Integer.MAX_VALUE;
        for (ShapeTemplate template : ShapeTemplate.values()) {
            int errors = errors(regions, id, template, x0, y0, width, height);
            mismatch.put(template, errors / (double) size);
            // the common denominator lets whole counts decide, so equal mismatches tie exactly
            if (errors < bestErrors) {
                best = template;
                bestErrors = errors;
            }
        }
        return new RuleRegion(size, x0, y0, width, height, size / (double) (width * height), best.classId(), mismatch);
    }

    /** Region pixels outside the template plus template pixels that no region covers. */
    private static int errors(RegionMap regions, int id, ShapeTemplate template, int x0, int y0, int width, int height) {
        int errors = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int owner = regions.at(x0 + x, y0 + y);
                boolean inTemplate = template.covers(x, y, width, height);
                if (owner == id && !inTemplate) errors++;
                if (owner == RegionMap.NONE && inTemplate) errors++;
            }
        }
        return errors;
    }
}
