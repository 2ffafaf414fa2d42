package dev.dgan.host.bench;

import dev.dgan.runtime.Accelerators;
import dev.dgan.runtime.Device;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads what {@link Machine} records from the running system. */
public final class MachineProbe {

    private MachineProbe() {}

    /** This machine; the GPU only when {@code device} is a CUDA device (probing CUDA costs a context). */
    public static Machine probe(Device device) {
        return new Machine(cpuModel(Path.of("/proc/cpuinfo")).orElse(null), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), totalMemory(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                device.isCuda() ? gpu(device.index()) : null);
    }

    /** The first "model name" line of /proc/cpuinfo (x86; most ARM kernels print none). */
    static Optional<String> cpuModel(Path cpuinfo) {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .filter(s -> !s.isEmpty()).findFirst();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Physical memory, or the container's limit where the JVM sees one: what the bench could use. */
    private static long totalMemory() {
        try {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getTotalMemorySize() : -1;
        } catch (NoClassDefFoundError e) {
            return -1; // a runtime linked without jdk.management: the memory is unknown, the bench still runs
        }
    }

    /**
     * The CUDA device's compute capability and memory, from the CUDA runtime. The runtime calls
     * dgan binds do not return a device name, so the NVIDIA driver's model name is added when
     * every GPU it lists has the same one (so it names this device whatever order CUDA numbers them in).
     */
    static String gpu(int index) {
        String caps = Accelerators.probe().gpus().stream().filter(g -> g.index() == index).findFirst()
                .map(g -> "compute capability " + g.major() + "." + g.minor() + ", " + g.totalMemory() / (1 << 20) + " MiB")
                .orElse("not found by the CUDA runtime");
        return driverModel(Path.of("/proc/driver/nvidia/gpus")).map(m -> m + ", " + caps).orElse(caps);
    }

    static Optional<String> driverModel(Path gpus) {
        try (Stream<Path> dirs = Files.list(gpus)) {
            List<String> models = dirs.map(d -> d.resolve("information")).flatMap(MachineProbe::modelLine).distinct().toList();
            return models.size() == 1 ? Optional.of(models.getFirst()) : Optional.empty();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static Stream<String> modelLine(Path information) {
        try (Stream<String> lines = Files.lines(information)) {
            return lines.filter(l -> l.startsWith("Model:")).map(l -> l.substring(6).strip()).toList().stream();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Stream.empty();
        }
    }
}
