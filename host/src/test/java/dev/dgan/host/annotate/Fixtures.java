package dev.dgan.host.annotate;

import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small sample directories for the annotation tests. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static void rgbPng(Path file, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x336699);
        ImageIO.write(image, "png", file.toFile());
    }

    /** An 8-bit palette PNG whose pixel indices are {@code values} (row-major). */
    static void indexedPng(Path file, int width, int height, int... values) throws IOException {
        byte[] ramp = new byte[256];
        for (int i = 0; i < 256; i++) ramp[i] = (byte) (255 - i);
        IndexColorModel palette = new IndexColorModel(8, 256, ramp, ramp, ramp);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, palette);
        image.getRaster().setSamples(0, 0, width, height, 0, values);
        ImageIO.write(image, "png", file.toFile());
    }

    static void grayPng(Path file, int width, int height, int... values) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, width, height, 0, values);
        ImageIO.write(image, "png", file.toFile());
    }

    static void json(Path file, Object value) throws IOException {
        JSON.writeValue(file.toFile(), value);
    }

    static void lines(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    /**
     * A {@code dgan sample} directory: manifest.json listing samples 0..n-1 (seed 100 + i,
     * latent row i) with {@code size x size} RGB images, and classes.txt.
     */
    static Path sampleDir(Path dir, int n, int size) throws IOException {
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String image = String.format("sample_%04d.png", i);
            rgbPng(dir.resolve(image), size, size);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("index", i);
            s.put("seed", 100L + i);
            s.put("classId", null);
            s.put("image", image);
            s.put("latentRow", i);
            s.put("features", null);
            samples.add(s);
        }
        Map<String, Object> backbone = new LinkedHashMap<>();
        backbone.put("name", "stylegan2");
        backbone.put("variant", "stylegan2-ada");
        backbone.put("checkpoint", "/models/net.pkl");
        backbone.put("checkpointSha256", "ab12");
        backbone.put("config", null);
        backbone.put("resolution", size);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", "dgan-samples/1");
        manifest.put("backbone", backbone);
        manifest.put("truncation", 0.7);
        manifest.put("firstSeed", 100);
        manifest.put("latents", "latents.safetensors");
        manifest.put("latentKind", "w");
        manifest.put("samples", samples);
        json(dir.resolve("manifest.json"), manifest);
        lines(dir.resolve("classes.txt"), "# class list", "background", "", "cat", "dog");
        return dir;
    }

    static Map<String, Object> shape(String label, String type, double[]... points) {
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("label", label);
        shape.put("points", points);
        shape.put("group_id", null);
        shape.put("shape_type", type);
        shape.put("flags", Map.of());
        return shape;
    }

    static Map<String, Object> labelMe(String imagePath, int width, int height, List<Map<String, Object>> shapes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", "5.4.1");
        doc.put("flags", Map.of());
        doc.put("shapes", shapes);
        doc.put("imagePath", imagePath);
        doc.put("imageData", null);
        doc.put("imageHeight", height);
        doc.put("imageWidth", width);
        return doc;
    }

    static Map<String, Object> keypoint(String name, double x, double y, Boolean visible) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("x", x);
        p.put("y", y);
        if (visible != null) p.put("visible", visible);
        return p;
    }
}
