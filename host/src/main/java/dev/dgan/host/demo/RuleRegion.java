package dev.dgan.host.demo;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * One object region the rule found, in the terms of the demo's {@code annotations/index.json}:
 * its pixel count, its bounding-box fill ratio, the class it got and the mismatch against each
 * shape template. The box is given by its top-left corner and size in image pixels.
 */
public record RuleRegion(int pixels, int boxX, int boxY, int boxWidth, int boxHeight, double fill, int cls,
                         Map<ShapeTemplate, Double> mismatch) {

    public RuleRegion {
        if (pixels <= 0) throw new IllegalArgumentException("a region has pixels, got " + pixels);
        if (!mismatch.keySet().equals(EnumSet.allOf(ShapeTemplate.class)))
            throw new IllegalArgumentException("need a mismatch for every template, got " + mismatch.keySet());
        mismatch = Collections.unmodifiableMap(new EnumMap<>(mismatch));
    }

    public double mismatch(ShapeTemplate template) {
        return mismatch.get(template);
    }
}
