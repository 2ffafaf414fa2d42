package dev.dgan.host.generate.depth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.Conditioning;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.host.annotate.AnnotatedSample;
import dev.dgan.host.annotate.AnnotationSet;
import dev.dgan.host.generate.DatasetFormats;
import dev.dgan.host.generate.GenerateRun;
import dev.dgan.host.generate.SampleClasses;
import dev.dgan.host.generate.Shard;
import dev.dgan.host.io.ProgressBar;
import dev.dgan.host.label.LabelPipeline;
import dev.dgan.host.label.StageTimes;
import dev.dgan.host.train.CrossValidation;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task the host does not know (depth maps, see {@link DepthTask}) read from its own
 * annotation files, trained and generated through the host's {@link AnnotationSet} and
 * {@link GenerateRun} unchanged.
 */
@ExtendWith(NoTensorLeaks.class)
class DepthTaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FeatureTap T = new FeatureTap("t", 1, 4);

    /** Unconditional and 4 px: seed s renders grey level z = 0.1 s - 0.3, and tap t is z everywhere. */
    static final class Toy implements Backbone {
        final BackboneInfo info = new BackboneInfo("toy", "v", 4, 3, new Conditioning.Unconditional(), 1, 0, 0, List.of(T));

        public BackboneInfo info() {
            return info;
        }

        public Latents sample(SampleRequest request) {
            float[] z = new float[request.seeds().length];
            for (int i = 0; i < z.length; i++) z[i] = 0.1f * request.seeds()[i] - 0.3f;
            return Latents.z(Tensor.of(z, z.length, 1));
        }

        public Tensor synthesize(Latents latents, FeatureSink taps) {
            float[] z;
            try (Tensor cpu = latents.values().cpu()) {
                z = cpu.toFloatArray();
            }
            int n = z.length;
            float[] image = new float[n * 48], t = new float[n * 16];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 16; k++) t[i * 16 + k] = z[i];
                for (int k = 0; k < 48; k++) image[i * 48 + k] = z[i];
            }
            try (Tensor m = Tensor.of(t, n, 1, 4, 4)) {
                taps.accept(T, m);
            }
            return Tensor.of(image, n, 3, 4, 4);
        }

        public void close() {
        }
    }

    /** Depth the annotator marks for level z: 2 m + 3 z (a line, so the fit must find it). */
    private static float depthOf(float z) {
        return 2f + 3f * z;
    }

    private static Path annotations(Path dir, float[] levels) throws Exception {
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            String image = String.format("sample_%04d.png", i);
            BufferedImage rgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
            ImageIO.write(rgb, "png", dir.resolve(image).toFile());
            float[] metres = new float[16];
            java.util.Arrays.fill(metres, depthOf(levels[i]));
            ImageIO.write(DepthTask.millimetres(4, 4, metres), "png", dir.resolve(String.format("depth_%04d.png", i)).toFile());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("index", i);
            s.put("seed", (long) i);
            s.put("classId", null);
            s.put("image", image);
            s.put("latentRow", i);
            s.put("features", null);
            samples.add(s);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", "dgan-samples/1");
        Map<String, Object> backbone = new LinkedHashMap<>();
        backbone.put("name", "toy");
        backbone.put("variant", "v");
        backbone.put("checkpoint", "/models/toy.safetensors");
        backbone.put("checkpointSha256", "ab12");
        backbone.put("config", null);
        backbone.put("resolution", 4);
        manifest.put("backbone", backbone);
        manifest.put("truncation", 1.0);
        manifest.put("firstSeed", 0);
        manifest.put("latents", "latents.safetensors");
        manifest.put("latentKind", "z");
        manifest.put("samples", samples);
        JSON.writeValue(dir.resolve("manifest.json").toFile(), manifest);
        return dir;
    }

    @Test
    void aTaskTheHostDoesNotKnowIsReadTrainedAndGenerated(@TempDir Path tmp) throws Exception {
        DepthTask task = new DepthTask();
        float[] levels = {-0.3f, 0.1f, 0.4f};
        Path annotated = Files.createDirectories(tmp.resolve("annotated"));
        AnnotationSet set = AnnotationSet.read(annotations(annotated, levels), task.annotations());
        assertEquals("depth maps", set.kind());
        assertEquals(3, set.samples().size());
        assertTrue(set.samples().getFirst().annotation() instanceof DepthTask.DepthMap);

        TrainingSpec spec = new TrainingSpec(List.of(T), 4, 4, set.labels(), Map.of(), 0, Device.CPU);
        Interpreter model;
        try (Trainer trainer = task.trainer(spec)) {
            for (int i = 0; i < levels.length; i++) {
                float[] t = new float[16];
                java.util.Arrays.fill(t, levels[i]);
                try (Tensor features = Tensor.of(t, 1, 1, 4, 4)) {
                    trainer.add(Map.of("t", features), set.samples().get(i).annotation());
                }
            }
            model = trainer.fit(TrainingListener.NONE).interpreter();
        }

        CrossValidation.Scorer scorer = new CrossValidation.Scorer(task.crossValidation().orElseThrow(), set.labels());
        scorer.startFold();
        for (AnnotatedSample s : set.samples()) {
            float level = levels[s.index()];
            float[] t = new float[16];
            java.util.Arrays.fill(t, level);
            try (Tensor features = Tensor.of(t, 1, 1, 4, 4)) {
                scorer.add(s, model.label(Map.of("t", features)).getFirst());
            }
        }
        assertEquals(0, scorer.pooledScore(), 1e-4, "a line fits a line");

        Path out = tmp.resolve("dataset");
        StageTimes times = new StageTimes();
        try (Toy toy = new Toy(); model) {
            LabelPipeline pipeline = new LabelPipeline(toy, model, Device.CPU, times);
            GenerateRun.Summary summary = new GenerateRun(toy, model, task.outputs(model), pipeline, times).run(
                    new GenerateRun.Options(out, 0, 6, Shard.WHOLE, 1.0, 0.34, DatasetFormats.PNG, 4, SampleClasses.NONE, null),
                    new ProgressBar(new PrintWriter(new StringWriter()), "generate", 6, false));
            assertEquals(6, summary.total());
            assertEquals(2, summary.dropped(), "the two brightest samples are set aside");
        }

        assertFalse(Files.exists(out.resolve("label")), "no folder of another task");
        assertFalse(Files.exists(out.resolve("coco.json")), "a task without a COCO form writes no COCO document");
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("metadata.jsonl"))) lines.add(JSON.readTree(l));
        assertEquals(6, lines.size());
        for (JsonNode line : lines) {
            int index = line.get("index").asInt();
            float z = 0.1f * index - 0.3f;
            assertEquals(depthOf(z), line.get("depthRange").get(0).asDouble(), 1e-3);
            boolean dropped = index >= 4;
            // a finished run's metadata points where each file now is, for folders the host never heard of too
            assertEquals((dropped ? "filtered/" : "") + String.format("depth/%06d.png", index), line.get("depth").asText());
            assertEquals(!dropped, line.get("kept").asBoolean());
            Path depth = out.resolve(line.get("depth").asText());
            assertTrue(Files.exists(depth), depth + " (moved with its image when dropped)");
            assertEquals(dropped, Files.exists(out.resolve("filtered").resolve(String.format("preview/%06d.png", index))));
            BufferedImage png = ImageIO.read(depth.toFile());
            assertEquals(BufferedImage.TYPE_USHORT_GRAY, png.getType(), "16-bit depth");
            assertEquals(Math.round(depthOf(z) * 1000), png.getRaster().getSample(2, 3, 0), 2.0, "millimetres at sample " + index);
        }
    }
}
