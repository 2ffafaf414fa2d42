package dev.dgan.host.demo;

import dev.dgan.api.task.LabelMap;

import java.util.List;

/**
 * What the rule made of one image: the label map (0 background, 1 disc, 2 square, 3 triangle)
 * and the regions behind it, in raster order of the first pixel each had before fringes were
 * merged (the order of {@code annotations/index.json}).
 */
public record RuleReading(LabelMap labels, List<RuleRegion> regions) {

    public RuleReading {
        regions = List.copyOf(regions);
    }
}
