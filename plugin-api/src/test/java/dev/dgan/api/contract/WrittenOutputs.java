package dev.dgan.api.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.api.task.LabeledSample;
import dev.dgan.api.task.SampleFolder;
import dev.dgan.api.task.TaskOutputs;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a task's {@link TaskOutputs} writes for one sample, kept in memory: the task's own view
 * of a result, so two results compare equal exactly when they would make the same files and
 * metadata. Writing to a folder the task did not declare fails.
 */
record WrittenOutputs(Map<String, String> files, Map<String, Object> fields) {

    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    static WrittenOutputs of(TaskOutputs outputs, LabeledSample sample) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        SampleFolder folder = new SampleFolder() {
            @Override
            public String path(String name) {
                TaskOutputs.Folder f = outputs.folders().stream().filter(x -> x.name().equals(name)).findFirst()
                        .orElseThrow(() -> new AssertionError("task writes to folder '" + name + "', which its outputs do not declare: "
                                + outputs.folders()));
                return f.name() + "/" + String.format("%06d.%s", sample.index(), f.extension());
            }

            @Override
            public void writePng(String name, BufferedImage image) throws IOException {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer for image type " + image.getType());
                put(name, out.toByteArray());
            }

            @Override
            public void writeJson(String name, Object value) throws IOException {
                put(name, JSON.writeValueAsBytes(value));
            }

            private void put(String name, byte[] bytes) {
                if (files.put(path(name), bytes) != null) throw new AssertionError("task writes " + path(name) + " twice");
            }
        };
        try {
            Map<String, Object> fields = outputs.write(sample, folder);
            Map<String, String> digests = new LinkedHashMap<>();
            files.forEach((k, v) -> digests.put(k, Integer.toHexString(Arrays.hashCode(v)) + ":" + v.length));
            return new WrittenOutputs(digests, JSON.convertValue(fields, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
