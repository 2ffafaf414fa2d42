package dev.dgan.host.eval.stats;

import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ComponentFinderTest {

    static final boolean[] ALL = {true, true, true, true};

    @Test
    void centroidOfAKnownBlobIsTheMeanOfItsPixelCentres() {
        // pixels (1,1) (2,1) (3,1) (1,2): centres x 1.5 2.5 3.5 1.5, y 1.5 1.5 1.5 2.5
        LabelMap map = Shapes.labels(".....", ".111.", ".1...", ".....");
        Component blob = ComponentFinder.find(map, ALL).largest(1);
        assertEquals(4, blob.pixels());
        assertEquals(9.0 / 4, blob.centreX(), 1e-12);
        assertEquals(7.0 / 4, blob.centreY(), 1e-12);
        assertEquals(1, blob.minX());
        assertEquals(3, blob.maxX());
        assertEquals(1, blob.minY());
        assertEquals(2, blob.maxY());
    }

    @Test
    void largestOfTwoBlobsIsChosenWhereverItIs() {
        LabelMap map = Shapes.labels("11......", "11......", "........", "...11111", "...11111");
        Components found = ComponentFinder.find(map, ALL);
        assertEquals(2, found.all().stream().filter(c -> c.classId() == 1).count());
        Component largest = found.largest(1);
        assertEquals(10, largest.pixels());
        assertEquals(3, largest.minX());
        assertEquals(3, largest.minY());
    }

    @Test
    void tieGoesToTheFirstInRasterOrder() {
        Component first = ComponentFinder.find(Shapes.labels("1...1", "....."), ALL).largest(1);
        assertEquals(0, first.minX());
    }

    @Test
    void diagonalNeighboursAreConnectedAndOtherClassesSeparate() {
        LabelMap map = Shapes.labels("1...", ".1..", "..12", "...2");
        Components found = ComponentFinder.find(map, ALL);
        assertEquals(3, found.largest(1).pixels());
        assertEquals(2, found.largest(2).pixels());
        assertNull(found.largest(3));
    }

    @Test
    void voidAndUnwantedClassesFormNoRegion() {
        LabelMap map = Shapes.labels("vv1", "v22", "...");
        Components found = ComponentFinder.find(map, new boolean[] {false, true, false});
        assertEquals(1, found.all().size());
        assertEquals(1, found.all().getFirst().classId());
    }

    @Test
    void maskHoldsTheRegionAloneCroppedToItsBox() {
        LabelMap map = Shapes.labels("......", ".11.1.", ".1..1.", "......");
        Components found = ComponentFinder.find(map, ALL);
        Component left = found.largest(1);
        Mask mask = found.mask(left);
        assertEquals(1, mask.originX());
        assertEquals(1, mask.originY());
        assertEquals(2, mask.width());
        assertEquals(2, mask.height());
        assertArrayEquals(new boolean[] {true, true, true, false}, mask.inside());
    }
}
