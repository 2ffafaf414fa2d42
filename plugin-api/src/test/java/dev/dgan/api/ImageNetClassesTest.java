package dev.dgan.api;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageNetClassesTest {

    final ImageNetClasses classes = ImageNetClasses.get();

    @Test
    void thousandClassesInSortedWordNetOrder() {
        assertSame(classes, ImageNetClasses.get());
        List<String> names = classes.names();
        assertEquals(1000, names.size());
        assertEquals(1000, new HashSet<>(classes.entries().stream().map(ImageNetClasses.Entry::wnid).toList()).size());
        for (int i = 1; i < 1000; i++) assertTrue(classes.wnid(i - 1).compareTo(classes.wnid(i)) < 0, "order at " + i);
        // landmarks of the standard class index
        assertEquals("n01440764", classes.wnid(0));
        assertEquals("tench", names.get(0));
        assertEquals(List.of("tench", "Tinca tinca"), classes.entry(0).synonyms());
        assertEquals("goldfish", names.get(1));
        assertEquals("golden retriever", names.get(207));
        assertEquals("n02099601", classes.wnid(207));
        assertEquals("tiger cat", names.get(282));
        assertEquals("n15075141", classes.wnid(999));
        assertEquals("toilet tissue", names.get(999));
    }

    @Test
    void resolvesIndicesWordNetIdsAndSynonyms() {
        assertEquals(207, classes.resolve("207"));
        assertEquals(0, classes.resolve(" 0 "));
        assertEquals(207, classes.resolve("n02099601"));
        assertEquals(207, classes.resolve("Golden Retriever"));
        assertEquals(0, classes.resolve("tinca tinca"));
        assertEquals(999, classes.resolve("toilet paper"));
        assertEquals(1, classes.resolve("GOLDFISH"));
    }

    @Test
    void ambiguousNamesListTheCandidates() {
        // "crane" is both a bird (134) and a machine (517)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classes.resolve("crane"));
        assertTrue(e.getMessage().contains("ambiguous") && e.getMessage().contains("134 n02012849")
                && e.getMessage().contains("517 n03126707"), e.getMessage());
        assertEquals(638, classes.resolve("n03710637"));
        assertEquals(639, classes.resolve("tank suit"));
        assertThrows(IllegalArgumentException.class, () -> classes.resolve("maillot"));
    }

    @Test
    void unknownNamesAreRejectedWithAtMostFiveCandidates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classes.resolve("retriever"));
        String m = e.getMessage();
        assertTrue(m.contains("unknown ImageNet class 'retriever'") && m.contains("207 n02099601"), m);
        assertEquals(5, m.split(" n0").length - 1, m);
        assertTrue(!m.contains("more"), m); // exactly five classes have "retriever" in a name
        m = assertThrows(IllegalArgumentException.class, () -> classes.resolve("Terrier")).getMessage();
        assertEquals(5, m.split(" n0").length - 1, m);
        assertTrue(m.contains("; ... 19 more"), m); // 24 classes have "terrier" in a name
        e = assertThrows(IllegalArgumentException.class, () -> classes.resolve("zzz"));
        assertTrue(e.getMessage().contains("WordNet id"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> classes.resolve("1000"));
        assertTrue(e.getMessage().contains("out of range 0..999"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> classes.resolve("99999999999"));
        assertThrows(IllegalArgumentException.class, () -> classes.resolve(""));
        assertThrows(IllegalArgumentException.class, () -> classes.wnid(1000));
    }

    @Test
    void malformedTablesAreRejected() {
        String bad = "0\tn00000002\ta\n1\tn00000001\tb\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageNetClasses.parse(new BufferedReader(new StringReader(bad)), "t.tsv"));
        assertTrue(e.getMessage().startsWith("t.tsv:2: WordNet id n00000001 is not after"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageNetClasses.parse(new BufferedReader(new StringReader("# c\n0\tn00000001\ta, b\n")), "t.tsv"));
        assertEquals("t.tsv: expected 1000 classes, got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ImageNetClasses.parse(new BufferedReader(new StringReader("0\tn00000001\n")), "t.tsv"));
        assertTrue(e.getMessage().contains("t.tsv:1: expected index, wnid and names"), e.getMessage());
    }

    @Test
    void classLabelsCarryOptionalNames() {
        Conditioning.ClassLabels plain = new Conditioning.ClassLabels(10);
        assertEquals(List.of(), plain.names());
        assertEquals("3", plain.name(3));
        Conditioning.ClassLabels imagenet = new Conditioning.ClassLabels(1000, classes.names());
        assertEquals("golden retriever", imagenet.name(207));
        assertThrows(IllegalArgumentException.class, () -> imagenet.name(1000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conditioning.ClassLabels(3, List.of("a", "b")));
        assertEquals("class names: expected none or one per class (3), got 2", e.getMessage());
    }
}
