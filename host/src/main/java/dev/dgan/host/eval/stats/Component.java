package dev.dgan.host.eval.stats;

/**
 * One 8-connected region of a single class in one label map: its size, its bounding box
 * (inclusive pixel indices) and its centroid. The centroid is the mean of the pixel centres,
 * {@code x + 0.5}, so a region that fills the image has its centre at (width / 2, height / 2)
 * and dividing by the image size lands in [0, 1] without bias toward the top left.
 *
 * @param index the region's number in the {@link Components} it came from, to find its pixels
 */
public record Component(int classId, int index, int pixels, int minX, int minY, int maxX, int maxY,
                        double centreX, double centreY) {

    public int boxWidth() {
        return maxX - minX + 1;
    }

    public int boxHeight() {
        return maxY - minY + 1;
    }
}
