package dev.dgan.host.eval.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dgan.api.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/**
 * The dataset statistics BigDatasetGAN reports (its supplementary C), for one set of label
 * maps, shaped for JSON: plain numbers, lists and maps. Void pixels count nowhere but in
 * {@code voidPixels}. Built by {@link DatasetStatsBuilder}.
 *
 * @param images        label maps added
 * @param labeledPixels pixels that are not void, over all images
 * @param objectClasses the classes whose objects were located and traced (background is not one)
 * @param classes       one entry per class id, in id order
 */
public record DatasetStats(int images, long labeledPixels, long voidPixels, List<Integer> objectClasses,
                           StatsOptions options, List<ClassStats> classes) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DatasetStats {
        objectClasses = List.copyOf(objectClasses);
        classes = List.copyOf(classes);
    }

    /**
     * One class. {@code centres}, {@code complexity} and {@code diversity} are null for a class
     * that is not an object class, or whose objects never occurred (diversity also when fewer
     * than two did).
     *
     * @param pixels the class's pixels over all images
     * @param share  pixels / labeledPixels (0 when no pixel is labeled)
     * @param images images in which the class has at least one pixel
     */
    public record ClassStats(int id, String name, boolean object, long pixels, double share, int images,
                             Centres centres, Complexity complexity, Diversity diversity) {
    }

    /**
     * Where objects of a class sit: per image, the centroid of the class's largest 8-connected
     * region, as a fraction of the image's width and height (0,0 top left, y down as in images).
     *
     * @param count  images the centres are taken from
     * @param points the centres themselves: all of them up to {@link StatsOptions#centrePoints},
     *               past that a uniform sample of that many
     */
    public record Centres(long count, double meanX, double meanY, double stdX, double stdY, List<Point> points) {
        public Centres {
            points = List.copyOf(points);
        }
    }

    public record Point(double x, double y) {
    }

    /**
     * How many points an object's outline needs: per image, the class's largest region traced
     * (OpenCV CHAIN_APPROX_SIMPLE), brought into the unit square and simplified (Douglas-Peucker,
     * {@link StatsOptions#epsilon}), then counted. Quantiles as numpy's default (linear), spread
     * as numpy's std (population).
     *
     * @param histogram point count to the number of images whose object needed that many
     */
    public record Complexity(long count, double mean, double median, double std, int min, double q1, double q3, int max,
                             SortedMap<Integer, Long> histogram) {
    }

    /**
     * How varied a class's outlines are: the mean symmetric Chamfer distance between the
     * normalised contours of {@code shapes} sampled objects, over all {@code pairs} of them.
     */
    public record Diversity(int shapes, int pairs, double meanChamfer) {
    }

    public ClassStats byId(int id) {
        return classes.get(id);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dataset statistics could not be written as JSON", e);
        }
    }

    public void writeJson(Path file) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(this));
    }

    public static DatasetStats fromJson(String json) throws JsonProcessingException {
        return JSON.readValue(json, DatasetStats.class);
    }
}
