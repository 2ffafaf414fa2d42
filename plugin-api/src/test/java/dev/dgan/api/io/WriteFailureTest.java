package dev.dgan.api.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Writes that fail (a full disk, a file that appeared meanwhile) say which file and why, and leave nothing half-written. */
class WriteFailureTest {

    private static final Path FULL = Path.of("/dev/full");

    @TempDir
    Path dir;

    /** A label map: palette PNGs go through the JDK's writer. */
    private static BufferedImage labels() {
        byte[] grey = new byte[256];
        for (int i = 0; i < 256; i++) grey[i] = (byte) (i * 37);
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, grey, grey, grey));
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) image.getRaster().setSample(x, y, 0, (x ^ y) & 3);
        return image;
    }

    @Test
    void aFullDiskUnderAPaletteImageSaysSo() throws IOException {
        assumeTrue(Files.isWritable(FULL), "needs /dev/full");
        for (BufferedImage image : List.of(labels(), new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR))) {
            try (OutputStream out = Files.newOutputStream(FULL)) {
                IOException e = assertThrows(IOException.class, () -> PngEncoder.write(image, out));
                // the operating system's reason, not ImageIO's "I/O error writing PNG file!"
                assertEquals("No space left on device", e.getMessage());
            }
        }
    }

    /** Passes {@code limit} bytes on, then fails as a full disk does. */
    private static OutputStream fillsUpAfter(OutputStream out, int limit) {
        return new FilterOutputStream(out) {
            int written;

            @Override
            public void write(int b) throws IOException {
                if (++written > limit) throw new IOException("No space left on device");
                super.write(b);
            }
        };
    }

    @Test
    void aFailedAtomicWriteNamesTheTargetAndKeepsWhatWasThere() throws IOException {
        Path target = dir.resolve("000012.png");
        Files.writeString(target, "a finished sample");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> PngEncoder.write(labels(), fillsUpAfter(out, 40))));
        assertEquals("cannot write " + target + ": no space left on device", e.getMessage());
        assertEquals("a finished sample", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void ofRunsCreatingOneFileAtOnceExactlyOneWins() throws Exception {
        Path target = dir.resolve("run.json");
        int runs = 8;
        CyclicBarrier start = new CyclicBarrier(runs);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                int run = i;
                Callable<Integer> create = () -> {
                    start.await();
                    AtomicFiles.create(target, out -> out.write(("run " + run).getBytes(StandardCharsets.UTF_8)));
                    return run;
                };
                results.add(pool.submit(create));
            }
            List<Integer> won = new ArrayList<>();
            for (Future<Integer> f : results) {
                try {
                    won.add(f.get());
                } catch (ExecutionException e) {
                    FileAlreadyExistsException lost = assertInstanceOf(FileAlreadyExistsException.class, e.getCause());
                    assertEquals(target.toString(), lost.getFile());
                }
            }
            assertEquals(1, won.size(), "exactly one run creates the file");
            assertEquals("run " + won.getFirst(), Files.readString(target), "and its content is the winner's, whole");
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "no temporary file is left behind");
        }
    }
}
