package dev.dgan.host.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dgan.host.eval.stats.DatasetStats;
import dev.dgan.host.eval.stats.DatasetStatsBuilder;
import dev.dgan.host.eval.stats.StatsPlot;
import dev.dgan.api.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * BigDatasetGAN's dataset statistics of a labeled source, written as {@code stats.json} and
 * {@code stats.png}: every class but 0 (the background) counts as an object class. Reads the
 * labels twice, once for the class count and once for the statistics, holding one at a time.
 */
final class DatasetDescription {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DatasetDescription() {}

    /** Writes both files into {@code out} and returns the statistics, for the report's JSON. */
    static DatasetStats write(LabeledSource data, List<String> names, Path out) throws IOException {
        int maxId = 0;
        for (int i = 0; i < data.size(); i++) maxId = Math.max(maxId, data.load(i).maxClassId());
        DatasetStatsBuilder builder = new DatasetStatsBuilder(ClassNaming.complete(names, Math.max(2, maxId + 1)));
        for (int i = 0; i < data.size(); i++) builder.add(data.load(i).labels());
        DatasetStats stats = builder.build();
        AtomicFiles.write(out.resolve("stats.json"), os -> JSON.writeValue(os, stats));
        StatsPlot.write(stats, out.resolve("stats.png"));
        return stats;
    }
}
