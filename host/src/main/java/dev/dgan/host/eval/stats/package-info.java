/**
 * The dataset statistics BigDatasetGAN reports in its supplementary C, computed over label
 * maps one at a time ({@link dev.dgan.host.eval.stats.DatasetStatsBuilder}), written as JSON
 * ({@link dev.dgan.host.eval.stats.DatasetStats}) and drawn as one picture
 * ({@link dev.dgan.host.eval.stats.StatsPlot}).
 *
 * <p>Conventions, fixed here so that numbers from different runs and tools compare:
 * <ul>
 *   <li>Void pixels (255) count nowhere: not in shares, not in regions, not in contours.</li>
 *   <li>An image's object of a class is the class's largest 8-connected region; the
 *       background (id 0), or whatever the caller says is not an object class, has none.</li>
 *   <li>Centres are centroids of pixel centres divided by the image size: (0, 0) is the top
 *       left corner, (1, 1) the bottom right, y grows downward as in the images.</li>
 *   <li>Outlines are traced as OpenCV's findContours(RETR_EXTERNAL, CHAIN_APPROX_SIMPLE) traces
 *       them, scaled so that the object's bounding box fits the unit square (longer side 1,
 *       aspect kept; {@link dev.dgan.host.eval.stats.ContourScale#IMAGE} divides by the image
 *       size instead) and simplified as approxPolyDP(closed=True) does at epsilon 0.01 of that
 *       square. Both steps reproduce OpenCV 4.14 point for point on the shapes tried.</li>
 *   <li>Medians and quartiles are numpy's default (linear) ones, standard deviations numpy's
 *       (population) ones.</li>
 *   <li>Memory is bounded: centres beyond a cap and the contours compared for diversity are
 *       seeded uniform samples; counts, means and spreads cover every image.</li>
 * </ul>
 */
package dev.dgan.host.eval.stats;
