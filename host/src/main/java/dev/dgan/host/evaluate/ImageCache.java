package dev.dgan.host.evaluate;

import java.io.IOException;

/**
 * A {@link LabeledSource} whose images all share one size, decoded once and kept in memory while
 * they fit in {@code budgetBytes}, else decoded again on every use (large datasets stream from
 * disk instead of exhausting the heap).
 */
public final class ImageCache {

    private final LabeledSource source;
    private final LabeledImage[] cached;
    private final int width, height;

    public ImageCache(LabeledSource source, long budgetBytes) throws IOException {
        this.source = source;
        if (source.size() == 0) throw new IllegalArgumentException(source.describe() + ": no labeled images found");
        LabeledImage first = source.load(0);
        this.width = first.width();
        this.height = first.height();
        boolean fits = 4L * width * height * source.size() <= budgetBytes;
        this.cached = fits ? new LabeledImage[source.size()] : null;
        if (fits) cached[0] = first;
    }

    public String describe() {
        return source.describe();
    }

    public int size() {
        return source.size();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public LabeledImage get(int index) throws IOException {
        if (cached != null && cached[index] != null) return cached[index];
        LabeledImage image = source.load(index);
        if (image.width() != width || image.height() != height)
            throw new IllegalArgumentException(source.describe() + ": " + image.name() + " is " + image.width() + "x" + image.height()
                    + ", expected " + width + "x" + height + " like the first image (a training set has one size)");
        if (cached != null) cached[index] = image;
        return image;
    }

    /** The largest class id in any label map (void excluded), reading every image once. */
    public int maxClassId() throws IOException {
        int max = 0;
        for (int i = 0; i < size(); i++) max = Math.max(max, get(i).maxClassId());
        return max;
    }
}
