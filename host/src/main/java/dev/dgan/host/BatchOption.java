package dev.dgan.host;

import dev.dgan.api.Backbone;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.task.Interpreter;
import dev.dgan.host.label.AutoBatch;
import dev.dgan.host.label.LabelPipeline;
import dev.dgan.host.label.StageTimes;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.DeviceMemory;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code --batch N|auto}, shared by the commands that label samples in batches. */
final class BatchOption {

    @Option(names = "--batch", defaultValue = "4", paramLabel = "N|auto",
            description = "Samples per forward pass, or auto: the largest that fits the device's free memory (default ${DEFAULT-VALUE}).")
    String batch;

    /** The fixed size, checked; -1 for auto. */
    int fixed() {
        if (batch.equalsIgnoreCase("auto")) return -1;
        try {
            int n = Integer.parseInt(batch.trim());
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("--batch: expected a positive number or auto, got '" + batch + "'");
    }

    /**
     * The batch to run: the fixed size, or for auto the one {@link AutoBatch} measures by rendering
     * probe batches from seeds past the run's (their results are dropped), said on {@code log}.
     */
    int resolve(Backbone backbone, Interpreter interpreter, double psi, Device device, int count, PrintWriter log) throws Exception {
        int n = fixed();
        if (n > 0) return n;
        // its own stage times: the probes must not count in the run's
        LabelPipeline pipeline = new LabelPipeline(backbone, interpreter, device, new StageTimes());
        AutoBatch.Choice choice = AutoBatch.choose(DeviceMemory.of(device), size -> {
            long[] seeds = new long[size];
            for (int i = 0; i < size; i++) seeds[i] = Integer.MAX_VALUE - i;
            pipeline.run(new SampleRequest(seeds, BenchCommand.spreadClasses(backbone, 0, size), psi));
        }, !device.isCpu(), count);
        log.println(choice.describe());
        log.flush();
        return choice.batch();
    }
}
