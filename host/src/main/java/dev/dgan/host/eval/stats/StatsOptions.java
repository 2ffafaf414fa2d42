package dev.dgan.host.eval.stats;

/**
 * The knobs of {@link DatasetStatsBuilder}. The defaults are BigDatasetGAN's where it has one
 * (tolerance 0.01 of the unit square) and otherwise sized so one pass over a large dataset
 * stays cheap.
 *
 * @param epsilon         Douglas-Peucker tolerance in unit-square units
 * @param contourScale    how contours are brought into the unit square
 * @param centrePoints    object centres kept per class for the scatter (a uniform sample past this)
 * @param diversitySample contours per class compared pairwise for shape diversity; 0 turns it off
 * @param diversityPoints points each of those contours is resampled to
 * @param seed            for the samples, so that a rerun gives the same numbers
 */
public record StatsOptions(double epsilon, ContourScale contourScale, int centrePoints, int diversitySample,
                           int diversityPoints, long seed) {

    public static final StatsOptions DEFAULT = new StatsOptions(0.01, ContourScale.OBJECT, 5000, 100, 64, 1L);

    public StatsOptions {
        if (!(epsilon >= 0 && epsilon < 1)) throw new IllegalArgumentException("epsilon must be in [0, 1), got " + epsilon);
        if (contourScale == null) throw new IllegalArgumentException("contourScale is required");
        if (centrePoints < 0) throw new IllegalArgumentException("centrePoints must be >= 0, got " + centrePoints);
        if (diversitySample < 0) throw new IllegalArgumentException("diversitySample must be >= 0, got " + diversitySample);
        if (diversityPoints < 1) throw new IllegalArgumentException("diversityPoints must be >= 1, got " + diversityPoints);
    }

    public StatsOptions withEpsilon(double value) {
        return new StatsOptions(value, contourScale, centrePoints, diversitySample, diversityPoints, seed);
    }

    public StatsOptions withContourScale(ContourScale value) {
        return new StatsOptions(epsilon, value, centrePoints, diversitySample, diversityPoints, seed);
    }

    public StatsOptions withCentrePoints(int value) {
        return new StatsOptions(epsilon, contourScale, value, diversitySample, diversityPoints, seed);
    }

    public StatsOptions withDiversitySample(int value) {
        return new StatsOptions(epsilon, contourScale, centrePoints, value, diversityPoints, seed);
    }
}
