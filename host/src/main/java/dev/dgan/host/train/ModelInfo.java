package dev.dgan.host.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.host.sample.SampleManifest;
import dev.dgan.runtime.files.FileErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: what a trained model needs from the host to generate, beside the task's
 * own files: the backbone and checkpoint it was trained on (with its hash), the truncation the
 * annotated samples were rendered with, the taps, labels, options and training results.
 */
public record ModelInfo(String format, String task, SampleManifest.Backbone backbone, double truncation, List<String> taps,
                        List<String> labels, String annotations, int annotatedSamples, long seed, Map<String, String> options,
                        Object report, Object crossValidation) {

    public static final String FILE = "model.json";
    public static final String FORMAT = "dgan-model/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE), out -> JSON.writeValue(out, this));
    }

    public static ModelInfo read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) throw new IOException(file + " does not exist (give a directory written by dgan train)");
        ModelInfo info;
        try {
            info = JSON.readValue(file.toFile(), ModelInfo.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a readable model description: " + FileErrors.reason(e), e);
        }
        if (!FORMAT.equals(info.format())) throw new IOException(file + ": field format is '" + info.format() + "', expected '" + FORMAT + "'");
        if (info.backbone() == null || info.backbone().checkpoint() == null) throw new IOException(file + ": field backbone.checkpoint is missing");
        if (info.task() == null) throw new IOException(file + ": field task is missing");
        return info;
    }
}
