package dev.dgan.host.annotate;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.tasks.segmentation.LabelMeJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.dgan.host.annotate.Fixtures.labelMe;
import static dev.dgan.host.annotate.Fixtures.shape;
import static dev.dgan.host.annotate.LabelMeJsonTest.grid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every LabelMe shape type against the pixels LabelMe's export (Pillow's ImageDraw) gives.
 * Pillow's rules: coordinates are truncated, an integer coordinate is a pixel, edges are
 * included; each expected grid below follows from them by hand.
 */
class LabelMeShapeTest {

    static final List<String> CLASSES = List.of("background", "cat", "dog");

    @TempDir
    Path dir;

    List<String> draw(int width, int height, Map<String, Object>... shapes) throws Exception {
        Path file = dir.resolve("sample_0000.json");
        Fixtures.json(file, labelMe("sample_0000.png", width, height, List.of(shapes)));
        return grid(LabelMeJson.read(file, "sample_0000.png", new ImageSize(width, height), CLASSES));
    }

    String failure(Map<String, Object> shape) {
        return assertThrows(AnnotationException.class, () -> draw(6, 6, shape)).getMessage();
    }

    @Test
    void polygonIncludesItsEdgesAndLaterShapesWin() throws Exception {
        // triangle x + y <= 4 (its hypotenuse included), then the box x 1..4, y 1..3 on top
        var triangle = shape("cat", "polygon", new double[] {0, 0}, new double[] {4, 0}, new double[] {0, 4});
        var box = shape("dog", "rectangle", new double[] {4, 3}, new double[] {1, 1});
        assertEquals(List.of("111110", "111100", "111000", "110000", "100000", "000000"), draw(6, 6, triangle));
        assertEquals(List.of("111110", "122220", "122220", "122220", "100000", "000000"), draw(6, 6, triangle, box));
        assertEquals(List.of("111110", "111120", "111220", "112220", "100000", "000000"), draw(6, 6, box, triangle));
    }

    @Test
    void rectangleCornersAreTruncatedAndIncluded() throws Exception {
        // (0.9, 0.9)-(2.9, 1.9) truncates to pixels (0, 0)-(2, 1): 3 x 2 pixels
        assertEquals(List.of("1110", "1110", "0000"),
                draw(4, 3, shape("cat", "rectangle", new double[] {2.9, 1.9}, new double[] {0.9, 0.9})));
    }

    @Test
    void orientedRectangleIsItsFourCornersPolygon() throws Exception {
        // a diamond around pixel (2, 2): |x - 2| + |y - 2| <= 2
        var diamond = shape("dog", "oriented_rectangle", new double[] {2, 0}, new double[] {4, 2}, new double[] {2, 4},
                new double[] {0, 2});
        assertEquals(List.of("00200", "02220", "22222", "02220", "00200"), draw(5, 5, diamond));
    }

    @Test
    void circleIsCentreAndAPointOnIt() throws Exception {
        // radius 2 around (3, 3): the ellipse in the box (1, 1)-(5, 5), a 5 x 5 block without its corners
        var disc = shape("dog", "circle", new double[] {3, 3}, new double[] {3, 5});
        assertEquals(List.of("000000", "002220", "022222", "022222", "022222", "002220"), draw(6, 6, disc));
    }

    @Test
    void pointIsADiscOfRadiusFive() throws Exception {
        // (5.5, 5.5) +- 5 truncates to the box (0, 0)-(10, 10): a disc 11 pixels across
        assertEquals(List.of(
                "000111110000",
                "001111111000",
                "011111111100",
                "111111111110",
                "111111111110",
                "111111111110",
                "111111111110",
                "111111111110",
                "011111111100",
                "001111111000",
                "000111110000",
                "000000000000"), draw(12, 12, shape("cat", "point", new double[] {5.5, 5.5})));
    }

    @Test
    void lineIsTenPixelsWideWithSquareEnds() throws Exception {
        // a vertical line x = 6 from y 1 to 5: Pillow puts 4 pixels left and 5 right of it (columns 2..11), ends not extended
        assertEquals(List.of("00000000000000", "00111111111100", "00111111111100", "00111111111100", "00111111111100",
                "00111111111100", "00000000000000"), draw(14, 7, shape("cat", "line", new double[] {6, 1}, new double[] {6, 5})));
    }

    @Test
    void linestripJoinsItsSegmentsWithARoundedCorner() throws Exception {
        // (2, 2) -> (10, 2) -> (10, 11): a band over rows -2..7 from column 2 to 10, a band over columns 6..15 from row 2 to
        // 11, and at the turn the disc of diameter 9 (box (6, -2)-(14, 6)) that rounds the outer corner, as LabelMe's joint does
        var strip = shape("cat", "linestrip", new double[] {2, 2}, new double[] {10, 2}, new double[] {10, 11});
        assertEquals(List.of(
                "0011111111111100",
                "0011111111111110",
                "0011111111111111",
                "0011111111111111",
                "0011111111111111",
                "0011111111111111",
                "0011111111111111",
                "0011111111111111",
                "0000001111111111",
                "0000001111111111",
                "0000001111111111",
                "0000001111111111",
                "0000000000000000",
                "0000000000000000"), draw(16, 14, strip));
        // the same two segments without the joint, as a line pair, leave the notch
        var first = shape("cat", "line", new double[] {2, 2}, new double[] {10, 2});
        var second = shape("cat", "line", new double[] {10, 2}, new double[] {10, 11});
        assertEquals("0011111111100000", draw(16, 14, first, second).getFirst());
    }

    @Test
    void maskShapeIsAPngPlacedAtItsFirstPoint() throws Exception {
        // a 3 x 2 PNG, non-zero = inside: (0, 0), (2, 0) and (1, 1) set
        String png = grayPngBase64(3, 2, 1, 0, 1, 0, 255, 0);
        var integral = mask("dog", png, new double[] {1, 2}, new double[] {3, 3});
        assertEquals(List.of("000000", "000000", "020200", "002000", "000000"), draw(6, 5, integral));
        // fractional corners are rounded (to even: 2.5 -> 2) and the PNG's own size is the patch
        var fractional = mask("dog", png, new double[] {2.5, 0.6}, new double[] {4.4, 1.6});
        assertEquals(List.of("000000", "002020", "000200", "000000", "000000"), draw(6, 5, fractional));
        // a mask reaching past the image is clipped
        var corner = mask("cat", png, new double[] {-1, -1}, new double[] {1, 0});
        assertEquals(List.of("100000", "000000", "000000", "000000", "000000"), draw(6, 5, corner));
    }

    @Test
    void malformedShapesNameTheFieldAndWhatWasExpected() throws Exception {
        assertTrue(failure(shape("cat", "ellipse", new double[] {0, 0}, new double[] {1, 1}))
                .contains("field shapes[0].shape_type: expected polygon, rectangle, circle, line, linestrip, point, mask or"
                        + " oriented_rectangle, got \"ellipse\""));
        assertTrue(failure(shape("cat", "line", new double[] {0, 0}, new double[] {1, 1}, new double[] {2, 2}))
                .contains("field shapes[0].points: expected 2 points for a line"));
        assertTrue(failure(shape("cat", "point", new double[] {0, 0}, new double[] {1, 1}))
                .contains("field shapes[0].points: expected 1 point for a point"));
        assertTrue(failure(shape("cat", "polygon", new double[] {0, 0}, new double[] {3, 3}))
                .contains("field shapes[0].points: expected at least 3 points for a polygon"));
        assertTrue(failure(shape("cat", "circle", new double[] {0, 0}))
                .contains("field shapes[0].points: expected 2 points for a circle (centre, a point on the circle)"));
        assertTrue(failure(shape("cat", "rectangle", new double[] {0, 0}, new double[] {1}))
                .contains("field shapes[0].points[1]: expected a point [x, y], got [1.0]"));
        String message = failure(mask("cat", "not base64!", new double[] {0, 0}, new double[] {1, 1}));
        assertTrue(message.contains("sample_0000.json: field shapes[0].mask: expected a base64-encoded PNG"), message);
        message = failure(mask("cat", Base64.getEncoder().encodeToString("no png".getBytes()), new double[] {0, 0}, new double[] {1, 1}));
        assertTrue(message.contains("field shapes[0].mask: expected a base64-encoded PNG, the data is not an image"), message);
        message = failure(mask("cat", grayPngBase64(3, 2, 1, 1, 1, 1, 1, 1), new double[] {0, 0}, new double[] {3, 3}));
        assertTrue(message.contains("field shapes[0].mask: expected a PNG of at least 4x4 pixels (the box the points span), got 3x2"),
                message);
        message = failure(shape("cat", "mask", new double[] {0, 0}, new double[] {1, 1}));
        assertTrue(message.contains("field shapes[0].mask: expected a string, got nothing (the field is missing)"), message);
        // the PNG's header is checked before its pixels are decoded
        message = failure(mask("cat", grayPngBase64(7, 2, new int[14]), new double[] {0, 0}, new double[] {1, 1}));
        assertTrue(message.contains("field shapes[0].mask: expected a PNG of at most 6x6 pixels (the image's size), it declares 7x2"),
                message);
    }

    @Test
    void shapesFarBeyondTheImageAreRefusedBeforeDrawing() throws Exception {
        // a circle of radius 5e8 kept Pillow's outline walk busy for most of a minute
        String message = failure(shape("cat", "circle", new double[] {5, 6}, new double[] {500000005, 6}));
        assertTrue(message.contains("sample_0000.json: field shapes[0].points[1][0]: expected a coordinate within -65536..65536"
                + " (on or near the image), got 5.00000005E8"), message);
        message = failure(shape("cat", "circle", new double[] {5, 6}, new double[] {60005, 6}));
        assertTrue(message.contains("field shapes[0].points: expected a circle of radius at most 16384 pixels (its radius is"
                + " 60000.0)"), message);
    }

    static Map<String, Object> mask(String label, String png, double[]... points) {
        Map<String, Object> shape = shape(label, "mask", points);
        shape.put("mask", png);
        return shape;
    }

    static String grayPngBase64(int width, int height, int... values) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, width, height, 0, values);
        var bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
