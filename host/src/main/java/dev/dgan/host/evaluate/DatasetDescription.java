package dev.dgan.host.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Dataset statistics. */
final class DatasetDescription {
    private DatasetDescription() {}

    static Object write(LabeledSource data, List<String> names, Path out) throws IOException {
        return Map.of("images", data.size());
    }
}
