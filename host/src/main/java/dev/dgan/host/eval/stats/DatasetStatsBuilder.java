package dev.dgan.host.eval.stats;

import dev.dgan.api.task.LabelMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Accumulates {@link DatasetStats} one label map at a time. Nothing of a label map is kept
 * after {@link #add} returns: per class a few counters, a capped sample of centres and a capped
 * sample of resampled contours, so memory does not grow with the dataset. Not thread-safe.
 *
 * <p>Per image and object class, the object is the class's largest 8-connected region (most
 * pixels; the first in raster order on a tie). Its centroid gives the centre; its outer contour,
 * brought into the unit square and simplified, gives the point count and the diversity sample.
 */
public final class DatasetStatsBuilder {

    private final List<String> names;
    private final List<Integer> objectClasses;
    private final boolean[] isObject;
    private final StatsOptions options;
    private final long[] pixels;
    private final int[] imagesWith;
    private final CentreSample[] centres;
    private final CountHistogram[] complexity;
    private final ShapeDiversity[] diversity;
    private long voidPixels;
    private int images;

    /** Every class but 0 (background) is an object class; default options. */
    public DatasetStatsBuilder(List<String> classNames) {
        this(classNames, allButBackground(classNames.size()), StatsOptions.DEFAULT);
    }

    /**
     * @param classNames    names by class id; label ids must be below its size (or void)
     * @param objectClasses the ids whose objects are located and traced: not the background,
     *                      nor stuff classes such as sky, which have no object shape
     */
    public DatasetStatsBuilder(List<String> classNames, Collection<Integer> objectClasses, StatsOptions options) {
        if (classNames.isEmpty() || classNames.size() > LabelMap.VOID)
            throw new IllegalArgumentException("need 1.." + LabelMap.VOID + " class names, got " + classNames.size());
        this.names = List.copyOf(classNames);
        this.options = options;
        int n = names.size();
        this.isObject = new boolean[n];
        for (int id : new TreeSet<>(objectClasses)) {
            if (id < 0 || id >= n) throw new IllegalArgumentException("object class " + id + " is not a class id below " + n);
            isObject[id] = true;
        }
        this.objectClasses = List.copyOf(new TreeSet<>(objectClasses));
        this.pixels = new long[n];
        this.imagesWith = new int[n];
        this.centres = new CentreSample[n];
        this.complexity = new CountHistogram[n];
        this.diversity = new ShapeDiversity[n];
        for (int id : this.objectClasses) {
            // a seed per class, so that one class's sample does not shift another's
            long seed = options.seed() * 0x9E3779B97F4A7C15L + id;
            centres[id] = new CentreSample(options.centrePoints(), seed);
            complexity[id] = new CountHistogram();
            diversity[id] = new ShapeDiversity(options.diversitySample(), options.diversityPoints(), ~seed);
        }
    }

    public static List<Integer> allButBackground(int classes) {
        List<Integer> ids = new ArrayList<>();
        for (int id = 1; id < classes; id++) ids.add(id);
        return ids;
    }

    /**
     * Adds one label map. The whole map is checked first, so a rejected one (an id that is
     * neither a class nor void) leaves the statistics as they were.
     */
    public DatasetStatsBuilder add(LabelMap map) {
        byte[] labels = map.labels();
        int n = names.size();
        long[] counts = new long[LabelMap.VOID + 1];
        for (byte b : labels) counts[b & 0xFF]++;
        for (int id = n; id < LabelMap.VOID; id++) {
            if (counts[id] > 0) throw new IllegalArgumentException("label " + id + " occurs " + counts[id]
                    + " times but there are only " + n + " classes (and void = " + LabelMap.VOID + ")");
        }
        images++;
        voidPixels += counts[LabelMap.VOID];
        boolean anyObject = false;
        for (int id = 0; id < n; id++) {
            if (counts[id] == 0) continue;
            pixels[id] += counts[id];
            imagesWith[id]++;
            anyObject |= isObject[id];
        }
        if (!anyObject) return this;
        Components components = ComponentFinder.find(map, isObject);
        for (int id : objectClasses) {
            if (counts[id] == 0) continue;
            Component object = components.largest(id);
            centres[id].add(object.centreX() / map.width(), object.centreY() / map.height());
            Polygon contour = ContourTracer.traceOuter(components.mask(object));
            Polygon unit = options.contourScale().apply(contour, map.width(), map.height());
            complexity[id].add(DouglasPeucker.simplifyClosed(unit, options.epsilon()).size());
            if (options.diversitySample() > 0) diversity[id].offer(unit);
        }
        return this;
    }

    /** The statistics so far; adding more afterwards is fine. */
    public DatasetStats build() {
        long labeled = 0;
        for (long p : pixels) labeled += p;
        List<DatasetStats.ClassStats> classes = new ArrayList<>();
        for (int id = 0; id < names.size(); id++) {
            double share = labeled == 0 ? 0 : pixels[id] / (double) labeled;
            boolean object = isObject[id];
            classes.add(new DatasetStats.ClassStats(id, names.get(id), object, pixels[id], share, imagesWith[id],
                    object ? centres[id].summary() : null, object ? complexity[id].summary() : null,
                    object ? diversity[id].result() : null));
        }
        return new DatasetStats(images, labeled, voidPixels, objectClasses, options, classes);
    }
}
