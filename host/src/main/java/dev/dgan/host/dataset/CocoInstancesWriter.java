package dev.dgan.host.dataset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.task.LabelMap;
import dev.dgan.host.image.Connectivity;
import dev.dgan.host.image.PixelComponents;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A COCO document for instance segmentation, as detection trainers (Mask R-CNN and kin) read it:
 * every 8-connected component of each class is one object with its own compressed RLE mask, box
 * and area ({@code iscrowd} 0). A class painted as two separate blobs is two objects, which the
 * semantic document ({@link CocoWriter}) would give as one. Background and void are no objects.
 */
public final class CocoInstancesWriter {

    private final List<String> classes;
    private final CocoJson coco;

    public CocoInstancesWriter(List<String> classes, String description) {
        if (classes.size() < 2 || classes.size() > LabelMap.VOID)
            throw new IllegalArgumentException("instances need a background and 1 to " + (LabelMap.VOID - 1) + " classes, got " + classes.size());
        this.classes = List.copyOf(classes);
        this.coco = new CocoJson(description);
        for (int id = 1; id < classes.size(); id++)
            coco.categories().addObject().put("id", id).put("name", classes.get(id)).put("supercategory", CocoJson.SUPERCATEGORY);
    }

    /** Adds image {@code imageId} and one annotation per connected component of each class; returns the image entry. */
    public ObjectNode add(int imageId, String fileName, LabelMap labels) {
        int w = labels.width(), h = labels.height();
        byte[] ids = labels.labels();
        for (byte b : ids) {
            int v = b & 0xFF;
            if (v >= classes.size() && v != LabelMap.VOID)
                throw new IllegalArgumentException("labels of image " + imageId + " hold class id " + v + ", but there are only " + classes.size() + " classes");
        }
        ObjectNode image = coco.addImage(imageId, fileName, w, h);
        for (int id = 1; id < classes.size(); id++) {
            boolean[] in = new boolean[ids.length];
            boolean any = false;
            for (int i = 0; i < ids.length; i++) any |= in[i] = (ids[i] & 0xFF) == id;
            if (!any) continue;
            PixelComponents components = PixelComponents.of(in, w, h, Connectivity.EIGHT);
            for (int c = 0; c < components.count(); c++) {
                int component = c;
                coco.addMask(imageId, id, CocoRle.encode(h, w, i -> components.ids()[i] == component), components.sizes()[c]);
            }
        }
        return image;
    }

    public void write(Path file) throws IOException {
        coco.write(file);
    }
}
