package dev.dgan.host.evaluate;

import java.io.IOException;
import java.util.List;

/** The first {@code count} images of a source, for training on a few labeled images out of many. */
public record FirstImages(LabeledSource source, int count) implements LabeledSource {

    public FirstImages {
        if (count < 1 || count > source.size())
            throw new IllegalArgumentException(source.describe() + ": asked for its first " + count + " images, it has " + source.size());
    }

    @Override
    public String describe() {
        return source.describe() + ", first " + count;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public LabeledImage load(int index) throws IOException {
        return source.load(index);
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }
}
