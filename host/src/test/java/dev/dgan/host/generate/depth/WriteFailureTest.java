package dev.dgan.host.generate.depth;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.host.dataset.RunLog;
import dev.dgan.host.dataset.TempFiles;
import dev.dgan.host.generate.DatasetFormats;
import dev.dgan.host.generate.GenerateRun;
import dev.dgan.host.generate.SampleClasses;
import dev.dgan.host.generate.Shard;
import dev.dgan.host.io.ProgressBar;
import dev.dgan.host.label.LabelPipeline;
import dev.dgan.host.label.StageTimes;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generation run whose writes fail half-way (a full disk, a file in the way, another run in the
 * directory): the error names the file and what was being done with it, the samples finished
 * before it stay on disk and in the run log, and the same run started again finishes the dataset
 * exactly as an uninterrupted run writes it.
 */
@ExtendWith(NoTensorLeaks.class)
class WriteFailureTest {

    private static final FeatureTap T = new FeatureTap("t", 1, 4);

    @TempDir
    Path tmp;

    private static GenerateRun.Summary generate(Path out, Shard shard) throws Exception {
        DepthTask task = new DepthTask();
        TrainingSpec spec = new TrainingSpec(List.of(T), 4, 4, List.of("depth"), Map.of(), 0, Device.CPU);
        StageTimes times = new StageTimes();
        try (DepthTaskTest.Toy toy = new DepthTaskTest.Toy(); DepthTask.Line model = new DepthTask.Line(spec, 3, 2)) {
            LabelPipeline pipeline = new LabelPipeline(toy, model, Device.CPU, times);
            return new GenerateRun(toy, model, task.outputs(model), pipeline, times).run(
                    new GenerateRun.Options(out, 0, 6, shard, 1.0, 0.34, DatasetFormats.PNG, 2, SampleClasses.NONE, null),
                    new ProgressBar(new PrintWriter(new StringWriter()), "generate", 6, false));
        }
    }

    private static List<Integer> logged(Path out) throws IOException {
        try (RunLog log = RunLog.open(out.resolve("metadata.jsonl"))) {
            return log.records().stream().map(r -> r.get(RunLog.INDEX).asInt()).toList();
        }
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) all.put(dir.relativize(f).toString(), Files.readAllBytes(f));
        }
        return all;
    }

    private static List<Path> temporaries(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(TempFiles::isTemporary).toList();
        }
    }

    @Test
    void aSampleFileThatCannotBeWrittenIsNamedAndTheRunResumesAfterIt() throws Exception {
        Path out = tmp.resolve("dataset");
        Path blocked = Files.createDirectories(out.resolve("depth/000003.png"));
        Files.writeString(blocked.resolve("in-the-way"), "x");

        IOException e = assertThrows(IOException.class, () -> generate(out, Shard.WHOLE));
        assertEquals("cannot write " + out.resolve("depth/000003.png") + ": is a directory", e.getMessage());
        assertEquals(List.of(0, 1, 2), logged(out), "the samples before the failure are complete and logged");
        for (int i = 0; i < 3; i++) assertTrue(Files.isRegularFile(out.resolve(String.format("depth/%06d.png", i))));
        assertEquals(List.of(), temporaries(out), "no temporary file is left behind");

        Files.delete(blocked.resolve("in-the-way"));
        Files.delete(blocked);
        GenerateRun.Summary resumed = generate(out, Shard.WHOLE);
        assertEquals(3, resumed.renderedNow(), "the run resumes after the last logged sample");
        Path fresh = tmp.resolve("fresh");
        generate(fresh, Shard.WHOLE);
        Map<String, byte[]> want = files(fresh), got = files(out);
        assertEquals(want.keySet(), got.keySet());
        for (String name : want.keySet()) assertArrayEquals(want.get(name), got.get(name), name);
    }

    @Test
    void aFullDiskUnderTheRunLogIsNamed() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        Path out = Files.createDirectories(tmp.resolve("dataset"));
        Files.createSymbolicLink(out.resolve("metadata.jsonl"), full);
        IOException e = assertThrows(IOException.class, () -> generate(out, Shard.WHOLE));
        assertEquals("cannot write " + out.resolve("metadata.jsonl") + ": no space left on device", e.getMessage());
    }

    @Test
    void aRunIntoADirectoryAnotherRunHoldsTouchesNothingOfIt() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("dataset"));
        Path inFlight = Files.createDirectories(out.resolve("image")).resolve(".000001.png.tmp-3f9a");
        Files.writeString(inFlight, "the other run's sample, being written");
        try (RunLog other = RunLog.open(out.resolve("metadata.jsonl"))) {
            IOException e = assertThrows(IOException.class, () -> generate(out, Shard.WHOLE));
            assertEquals("another run is writing into " + out + " (it holds the run log metadata.jsonl);"
                    + " use another --out, or wait for that run to finish", e.getMessage());
        }
        assertTrue(Files.exists(inFlight), "the other run's file in flight is not swept away");
    }

    @Test
    void aShardSweepsOnlyItsOwnLeftovers() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("dataset"));
        Path image = Files.createDirectories(out.resolve("image"));
        Path otherShards = image.resolve(".000001.png.tmp-3f9a"), otherLog = out.resolve(".metadata-0-of-2.jsonl.tmp-77");
        Path ours = image.resolve(".000004.png.tmp-3f9a"), ourLog = out.resolve(".filter-1-of-2.json.tmp-5");
        for (Path p : List.of(otherShards, otherLog, ours, ourLog)) Files.writeString(p, "x");
        GenerateRun.Summary s = generate(out, new Shard(1, 2));
        assertEquals(3, s.total());
        assertTrue(Files.exists(otherShards) && Files.exists(otherLog), "shard 0/2 may be writing these right now");
        assertTrue(Files.notExists(ours) && Files.notExists(ourLog), "shard 1/2's own leftovers are swept");
    }
}
