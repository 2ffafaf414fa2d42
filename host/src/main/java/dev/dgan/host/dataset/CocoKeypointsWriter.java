package dev.dgan.host.dataset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.task.KeypointSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A COCO keypoints document: one category (id 1) whose {@code keypoints} are the names, and
 * one annotation per image with {@code [x, y, v, ...]} in that order (v = 2 visible, 1
 * labeled but hidden, 0 not labeled, with x = y = 0). Each image is taken to show one object
 * filling it, so bbox is the whole image and area its pixel count (the scale OKS uses).
 * <p>
 * COCO keypoints are pixel indices (the centre of the top-left pixel is (0, 0)), ours put
 * pixel centres at +0.5, so 0.5 is subtracted on the way out.
 */
public final class CocoKeypointsWriter {

    public static final int CATEGORY_ID = 1;

    private final List<String> names;
    private final CocoJson coco;

    public CocoKeypointsWriter(List<String> names, String category, String description) {
        if (names.isEmpty()) throw new IllegalArgumentException("a COCO keypoints document needs at least one keypoint name");
        this.names = List.copyOf(names);
        this.coco = new CocoJson(description);
        ObjectNode cat = coco.categories().addObject().put("id", CATEGORY_ID).put("name", category).put("supercategory", category);
        ArrayNode keypoints = cat.putArray("keypoints");
        names.forEach(keypoints::add);
        cat.putArray("skeleton");
    }

    public void add(int imageId, String fileName, KeypointSet points) {
        double[] xyv = new double[names.size() * 3];
        int labeled = 0;
        for (KeypointSet.Keypoint p : points.points()) {
            int k = names.indexOf(p.name());
            if (k < 0) throw new IllegalArgumentException("keypoint " + p.name() + " of image " + imageId + " is not one of " + names);
            if (xyv[3 * k + 2] != 0) throw new IllegalArgumentException("keypoint " + p.name() + " appears twice in image " + imageId);
            xyv[3 * k] = p.x() - 0.5;
            xyv[3 * k + 1] = p.y() - 0.5;
            xyv[3 * k + 2] = p.visible() ? 2 : 1;
            labeled++;
        }
        coco.addImage(imageId, fileName, points.width(), points.height());
        ObjectNode annotation = coco.addAnnotation(imageId, CATEGORY_ID);
        ArrayNode keypoints = annotation.putArray("keypoints");
        for (int i = 0; i < xyv.length; i++) {
            if (i % 3 == 2) keypoints.add((int) xyv[i]);
            else keypoints.add(xyv[i]);
        }
        annotation.put("num_keypoints", labeled);
        annotation.putArray("bbox").add(0).add(0).add(points.width()).add(points.height());
        annotation.put("area", (long) points.width() * points.height());
        annotation.put("iscrowd", 0);
    }

    public ObjectNode document() {
        return coco.document();
    }

    public void write(Path file) throws IOException {
        coco.write(file);
    }
}
