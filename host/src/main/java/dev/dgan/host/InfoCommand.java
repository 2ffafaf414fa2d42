package dev.dgan.host;

import dev.dgan.runtime.MallocTuning;
import dev.dgan.runtime.Accelerators;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.LibTorch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Prints what this installation runs on: libtorch, threads, devices, CUDA and cuDNN. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show libtorch version and path, ABI, threads, devices, CUDA runtime and cuDNN versions.")
final class InfoCommand implements Callable<Integer> {

    @ParentCommand
    Dgan dgan;

    @Override
    public Integer call() {
        LibTorch torch = dgan.torch();
        Accelerators.Report acc = Accelerators.probe();
        PrintWriter out = dgan.spec.commandLine().getOut();
        row(out, "libtorch", torch.version() + " (" + torch.libraryPath() + ")");
        row(out, "ABI version", String.format("0x%016x", torch.abiVersion()));
        row(out, "supported", LibTorch.versionString(LibTorch.MIN_ABI_VERSION) + " and newer (built against "
                + LibTorch.versionString(LibTorch.BUILD_ABI_VERSION) + ")");
        List<String> features = torch.features().describe();
        for (int i = 0; i < features.size(); i++) row(out, i == 0 ? "stable ABI" : "", features.get(i));
        row(out, "intra-op threads", Integer.toString(torch.intraOpThreads()));
        row(out, "OpenBLAS threads", torch.blasThreads().isPresent() ? torch.blasThreads().getAsInt() + " (follows the intra-op threads)"
                : "not set (no OpenBLAS loaded, or the thread count was never set)");
        row(out, "malloc", MallocTuning.apply().description());
        List<String> devices = new ArrayList<>(List.of(Device.CPU.toString()));
        for (Device d : Accelerators.cudaDevices()) devices.add(d.toString());
        row(out, "devices", String.join(", ", devices));
        for (Accelerators.Gpu g : acc.gpus()) {
            row(out, "  cuda:" + g.index(), "compute capability " + g.major() + "." + g.minor()
                    + ", " + g.totalMemory() / (1 << 20) + " MiB");
        }
        row(out, "CUDA runtime", acc.cudaRuntimeVersion().map(InfoCommand::cudaVersion)
                .map(v -> v + acc.cudaDriverVersion().map(d -> " (driver " + cudaVersion(d) + ")").orElse("")
                        + (acc.cudaProblem().isEmpty() ? "" : "; " + acc.cudaProblem()))
                .orElse("not available: " + acc.cudaProblem()));
        row(out, "cuDNN", acc.cudnnVersion().map(InfoCommand::cudnnVersion)
                .map(v -> v + (acc.cudnnProblem().isEmpty() ? "" : "; " + acc.cudnnProblem()))
                .orElse("not available: " + acc.cudnnProblem()));
        out.flush();
        return 0;
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf("%-18s %s%n", key, value);
    }

    /** CUDA encodes versions as 1000 * major + 10 * minor. */
    static String cudaVersion(int v) {
        return (v / 1000) + "." + (v % 1000) / 10;
    }

    /** cuDNN 9 encodes versions as 10000 * major + 100 * minor + patch. */
    static String cudnnVersion(long v) {
        return (v / 10000) + "." + (v % 10000) / 100 + "." + v % 100;
    }

}
