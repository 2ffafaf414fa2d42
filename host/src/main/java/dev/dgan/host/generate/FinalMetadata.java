package dev.dgan.host.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.host.dataset.RunLog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run log's lines as they stand once the filter has run, which is what {@code metadata.jsonl}
 * holds from then on: every path a line names points where the file now is ({@code filtered/...}
 * for samples set aside), {@code kept} says which, and {@code file_name} is the image's path, the
 * column Hugging Face's imagefolder loader reads. A line's sample files are recognised by the paths
 * {@link SampleFiles} gives its index, whatever field a task stores them under.
 */
final class FinalMetadata {

    static final String KEPT = "kept";
    static final String FILE_NAME = "file_name";
    private static final String IMAGE = SampleFiles.IMAGE;

    private FinalMetadata() {}

    static List<ObjectNode> lines(Map<Integer, ObjectNode> byIndex, boolean[] keep, int first, List<TaskOutputs.Folder> folders) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < keep.length; i++) {
            ObjectNode line = byIndex.get(first + i).deepCopy();
            SampleFiles files = new SampleFiles(first + i, folders);
            for (var field : List.copyOf(line.properties())) {
                String rel = relative(field.getValue(), files);
                if (rel != null) line.put(field.getKey(), keep[i] ? rel : SampleFiles.FILTERED + "/" + rel);
            }
            line.put(KEPT, keep[i]);
            line.put(FILE_NAME, line.get(IMAGE).asText());
            out.add(line);
        }
        return out;
    }

    /** The sample file a field names (in place or moved to filtered/), relative to the dataset; null for other fields. */
    private static String relative(JsonNode value, SampleFiles files) {
        if (!value.isTextual()) return null;
        String v = SampleFiles.unfiltered(value.asText());
        return files.all().contains(v) ? v : null;
    }

    /**
     * A final line's sample files as WebDataset members: the image as {@code png}, every other file
     * as {@code <field>.<extension>} (e.g. {@code label.png}).
     */
    static Map<String, String> sampleFiles(ObjectNode line, List<TaskOutputs.Folder> folders) {
        Map<String, String> out = new LinkedHashMap<>();
        SampleFiles files = new SampleFiles(line.get(RunLog.INDEX).asInt(), folders);
        out.put("png", line.get(IMAGE).asText());
        for (var field : line.properties()) {
            if (field.getKey().equals(IMAGE) || field.getKey().equals(FILE_NAME)) continue;
            String rel = relative(field.getValue(), files);
            if (rel != null) out.put(field.getKey() + rel.substring(rel.lastIndexOf('.')), field.getValue().asText());
        }
        return out;
    }
}
