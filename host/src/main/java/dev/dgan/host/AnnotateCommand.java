package dev.dgan.host;

import dev.dgan.api.Backbone;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Precision;
import dev.dgan.host.annotate.SampleListing;
import dev.dgan.host.annotate.web.AnnotateServer;
import dev.dgan.host.annotate.web.ModelPrefill;
import dev.dgan.host.annotate.web.Prefill;
import dev.dgan.host.annotate.web.SampleStore;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.host.stop.StopSignal;
import dev.dgan.host.train.ModelInfo;
import dev.dgan.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code dgan annotate}: a local web editor over the samples {@code dgan sample} wrote. */
@Command(name = "annotate", mixinStandardHelpOptions = true,
        description = {"Annotate samples in the browser: a gallery and a mask editor, saving mask_NNNN.png as dgan train reads it.",
                "Serves on 127.0.0.1 only and prints the address; stop with Ctrl-C (every save is already on disk)."})
final class AnnotateCommand implements Callable<Integer> {

    @ParentCommand
    Dgan dgan;

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder dgan sample wrote (manifest.json, sample_NNNN.png).")
    Path dir;

    @Option(names = "--classes", split = ",", paramLabel = "NAMES",
            description = "Class names, background first, written to DIR/classes.txt when DIR has no class list.")
    List<String> classes;

    @Option(names = "--port", defaultValue = "0", paramLabel = "P", description = "Port on 127.0.0.1 (default: a free one).")
    int port;

    @Option(names = "--no-token", description = "Serve without the random token in the address (any local process can then save).")
    boolean noToken;

    @Option(names = "--target", defaultValue = "16", paramLabel = "N", description = "Annotations the gallery counts towards (default ${DEFAULT-VALUE}).")
    int target;

    @Option(names = "--model", paramLabel = "DIR", description = "A trained model (dgan train): unannotated samples open pre-filled with its labels.")
    Path model;

    @Option(names = "--uncertain-above", defaultValue = "0.1", paramLabel = "JS",
            description = "With --model: mark pixels whose ensemble Jensen-Shannon divergence (nats) is above this (default ${DEFAULT-VALUE}).")
    double uncertainAbove;

    @Option(names = "--select", paramLabel = "FILE", description = "A selection dgan select wrote (JSON): its samples first in the gallery, best first.")
    Path select;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws Exception {
        if (target <= 0) throw new IllegalArgumentException("--target must be positive, got " + target);
        SampleStore store = SampleStore.open(dir, Optional.ofNullable(classes));
        List<Integer> order = select == null ? List.of() : SelectionOrder.read(select, store);
        Optional<String> token = noToken ? Optional.empty() : Optional.of(HexFormat.of().formatHex(randomBytes()));
        PrintWriter out = dgan.spec.commandLine().getOut();
        if (model == null) return serve(new AnnotateServer.Settings(store, token, target, order, Prefill.NONE), out);
        ModelInfo info = ModelInfo.read(model);
        SampleListing listing = SampleListing.read(dir);
        String drawnWith = listing.backbone() == null ? null : listing.backbone().checkpointSha256();
        String trainedOn = info.backbone().checkpointSha256();
        if (drawnWith != null && trainedOn != null && !drawnWith.equals(trainedOn)) {
            // a model of another generator would pre-fill labels that belong to other images
            throw new IllegalArgumentException("--model " + model + " was trained on checkpoint SHA-256 " + trainedOn + ", but the samples in "
                    + dir + " were drawn with " + drawnWith + " (manifest.json backbone.checkpointSha256)");
        }
        Device dev = device.device(dgan.torch());
        BackboneRef ref = new BackboneRef(info.backbone().name(), Path.of(info.backbone().checkpoint()),
                info.backbone().config() == null ? null : Path.of(info.backbone().config()));
        try (PluginRegistry registry = dgan.plugins(); Backbone backbone = ref.load(registry, dev);
             Interpreter interpreter = registry.task(info.task()).load(model, dev, Precision.FP32)) {
            double psi = listing.truncation();
            Prefill prefill = new ModelPrefill(backbone, interpreter, dev, psi, uncertainAbove);
            return serve(new AnnotateServer.Settings(store, token, target, order, prefill), out);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private int serve(AnnotateServer.Settings settings, PrintWriter out) throws InterruptedException {
        // Jetty and Javalin log each start at INFO: the address line below is what matters
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
        try (AnnotateServer server = AnnotateServer.start(settings, port)) {
            out.println("annotating " + dir + " (" + settings.store().entries().size() + " samples, classes "
                    + String.join(", ", settings.store().classes()) + ") at");
            out.println(server.url());
            out.flush();
            while (StopSignal.process().requested().isEmpty()) Thread.sleep(200);
        }
        return 0;
    }
}
