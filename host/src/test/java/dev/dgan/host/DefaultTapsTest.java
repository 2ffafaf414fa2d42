package dev.dgan.host;

import dev.dgan.api.BackboneInfo;
import dev.dgan.api.Conditioning;
import dev.dgan.api.FeatureTap;
import dev.dgan.host.annotate.AnnotationSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DefaultTapsTest {

    // a class-conditional backbone: the embedding first, as BigGAN lists it, then maps from 4 to 64 px
    private static final BackboneInfo BIGGAN = new BackboneInfo("biggan", "brock", 64, 3, new Conditioning.ClassLabels(10), 60, 0, 0,
            List.of(new FeatureTap(FeatureTap.CLASS_EMBEDDING, 32, 1), new FeatureTap("feat.0", 64, 4), new FeatureTap("feat.1", 32, 16),
                    new FeatureTap("feat.2", 8, 64)));

    private static List<String> names(List<FeatureTap> taps) {
        return taps.stream().map(FeatureTap::name).toList();
    }

    @Test
    void bigdatasetganReadsTheLevelsAndTheClassEmbedding() {
        assertEquals(List.of(FeatureTap.CLASS_EMBEDDING, "feat.0", "feat.1", "feat.2"), names(DefaultTaps.of("bigdatasetgan", BIGGAN)));
    }

    @Test
    void pixelTasksLeaveOneValuePerSampleTapsOut() {
        assertEquals(List.of("feat.0", "feat.1", "feat.2"), names(DefaultTaps.of("segmentation", BIGGAN)));
        assertEquals(List.of("feat.0", "feat.1", "feat.2"), names(DefaultTaps.of("keypoints", BIGGAN)));
    }

    @Test
    void onlyKeypointsLearnFromKeypointFiles() {
        assertEquals(AnnotationSet.KEYPOINTS, DefaultTaps.annotationKind("keypoints"));
        assertEquals(AnnotationSet.SEGMENTATION, DefaultTaps.annotationKind("bigdatasetgan"));
        assertEquals(AnnotationSet.SEGMENTATION, DefaultTaps.annotationKind("segmentation"));
    }
}
