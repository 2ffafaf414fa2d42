package dev.dgan.host;

import dev.dgan.tasks.bigdatasetgan.BigDatasetGanTask;
import dev.dgan.tasks.keypoints.KeypointTask;
import dev.dgan.tasks.segmentation.SegmentationTask;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskOptionsHelpTest {

    @Test
    void listsWhatEachInstalledTaskDeclaresAndMarksTheDefault() {
        String help = TaskOptionsHelp.render(List.of(new KeypointTask(), new SegmentationTask(), new BigDatasetGanTask()));
        String[] lines = help.strip().split("\\R");
        assertTrue(lines[0].startsWith("Task options (-O KEY=VALUE)"), help);
        assertTrue(lines[1].startsWith("  bigdatasetgan: models (heads, default 16)"), "sorted by name: " + help);
        assertTrue(help.contains("  segmentation (default): models"), help);
        assertTrue(help.contains("min-class-pixels") && help.contains("sigma") && help.contains("cache-features"), help);
        for (String line : lines) assertTrue(line.length() <= 100, "wrapped at 100 columns: " + line);
    }
}
