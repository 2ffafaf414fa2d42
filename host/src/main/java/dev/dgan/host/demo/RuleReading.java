package dev.dgan.host.demo;

import dev.dgan.api.task.LabelMap;

import java.util.List;

/**
 * What the rule made of one image.
 *
 * @param labels       0 background, 1 body, 2 eye, 3 mouth
 * @param objectPixels the object's size after its holes were filled; 0 when no object was found
 * @param parts        the eye and mouth candidate components before the closing pass, in raster
 *                     order of their first pixel (the order of {@code annotations/index.json})
 */
public record RuleReading(LabelMap labels, int objectPixels, List<PartComponent> parts) {

    public RuleReading {
        parts = List.copyOf(parts);
    }
}
