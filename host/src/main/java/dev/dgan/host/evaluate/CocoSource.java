package dev.dgan.host.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.api.task.LabelMap;
import dev.dgan.host.annotate.CocoSegmentation;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Semantic labels from a COCO instance or stuff file: every annotation's mask (RLE, compressed
 * or not, or polygons) painted with its category's class id over background 0. Category ids
 * 1..K without gaps are the class ids themselves (as dgan writes them); other id sets (COCO's
 * own 80 categories run to 90) are renumbered 1..K in id order. Larger masks are painted first, so a part inside an object (an eye in a face) stays
 * visible where masks overlap.
 */
record CocoSource(Path file, List<JsonNode> images, Map<Long, List<JsonNode>> annotations, Map<Long, Integer> classOf,
                  List<String> classNames) implements LabeledSource {

    static CocoSource open(Path file) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(file.toFile());
        for (String field : List.of("images", "annotations", "categories"))
            if (!doc.path(field).isArray()) throw new IllegalArgumentException(file + ": field \"" + field + "\" missing, expected a COCO array");
        TreeSet<Long> ids = new TreeSet<>();
        Map<Long, String> names = new HashMap<>();
        for (JsonNode c : doc.get("categories")) {
            ids.add(c.path("id").asLong());
            names.put(c.path("id").asLong(), c.path("name").asText("class " + c.path("id").asLong()));
        }
        boolean direct = !ids.isEmpty() && ids.first() == 1 && ids.last() == ids.size() && ids.last() < LabelMap.VOID;
        Map<Long, Integer> classOf = new HashMap<>();
        List<String> classNames = new ArrayList<>(List.of("background"));
        int next = 1;
        for (long id : ids) {
            int cls = direct ? (int) id : next++;
            classOf.put(id, cls);
            while (classNames.size() <= cls) classNames.add("class " + classNames.size());
            classNames.set(cls, names.get(id));
        }
        Map<Long, List<JsonNode>> byImage = new HashMap<>();
        for (JsonNode a : doc.get("annotations")) byImage.computeIfAbsent(a.path("image_id").asLong(), k -> new ArrayList<>()).add(a);
        List<JsonNode> images = new ArrayList<>();
        doc.get("images").forEach(images::add);
        return new CocoSource(file, images, byImage, classOf, classNames);
    }

    @Override
    public String describe() {
        return file + " (COCO)";
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public LabeledImage load(int index) throws IOException {
        JsonNode entry = images.get(index);
        String name = entry.path("file_name").asText();
        Path path = file.resolveSibling(name);
        // ImageIO says only "Can't read input file!" for a missing one
        if (!Files.isRegularFile(path))
            throw new IOException(path + " (file_name of image " + entry.path("id") + " in " + file + "): not found");
        BufferedImage image = ImageIO.read(path.toFile());
        if (image == null) throw new IOException(path + " (file_name of image " + entry.path("id") + " in " + file + "): not a readable image");
        int w = image.getWidth(), h = image.getHeight();
        byte[] labels = new byte[w * h];
        List<JsonNode> masks = new ArrayList<>(annotations.getOrDefault(entry.path("id").asLong(), List.of()));
        masks.sort(Comparator.comparingDouble((JsonNode a) -> -a.path("area").asDouble()));
        for (JsonNode a : masks) {
            Integer cls = classOf.get(a.path("category_id").asLong());
            if (cls == null) throw new IllegalArgumentException(file + ": annotation " + a.path("id") + " has category_id "
                    + a.path("category_id") + ", which is not among the categories");
            boolean[] mask = mask(a.path("segmentation"), w, h, a);
            for (int i = 0; i < mask.length; i++) if (mask[i]) labels[i] = (byte) (int) cls;
        }
        return new LabeledImage(name, LabeledImage.rgbOf(image), new LabelMap(w, h, labels));
    }

    private boolean[] mask(JsonNode segmentation, int w, int h, JsonNode annotation) {
        try {
            return CocoSegmentation.decode(segmentation, w, h);
        } catch (CocoSegmentation.Malformed e) {
            throw new IllegalArgumentException(e.at(file + ": annotation " + annotation.path("id") + ": segmentation"), e);
        }
    }
}
