package dev.dgan.tasks.keypoints;

import dev.dgan.api.task.Labeled;
import dev.dgan.api.image.Palette;

import java.awt.image.BufferedImage;

/** A preview of found keypoints: a small cross per point in its palette colour (index + 1). */
final class KeypointOverlay {

    private KeypointOverlay() {}

    static BufferedImage draw(BufferedImage image, Labeled.Keypoints k) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(image, 0, 0, null);
        for (int i = 0; i < k.points().size(); i++) {
            Labeled.Keypoints.Detected d = k.points().get(i);
            int cx = (int) Math.floor(d.x()), cy = (int) Math.floor(d.y()), rgb = Palette.rgb(i + 1);
            for (int t = -2; t <= 2; t++) {
                set(out, cx + t, cy, rgb);
                set(out, cx, cy + t, rgb);
            }
        }
        return out;
    }

    private static void set(BufferedImage img, int x, int y, int rgb) {
        if (x >= 0 && y >= 0 && x < img.getWidth() && y < img.getHeight()) img.setRGB(x, y, rgb);
    }
}
