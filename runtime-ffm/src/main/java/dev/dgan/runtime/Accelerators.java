package dev.dgan.runtime;

import dev.dgan.runtime.bindings.cuda.CudaRuntime;
import dev.dgan.runtime.bindings.cudnn.Cudnn;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the machine offers beyond the CPU: the CUDA runtime, its GPUs and cuDNN. All are
 * optional; a missing library or driver is reported as "not available" with the reason,
 * never as a failure.
 */
public final class Accelerators {

    /** A CUDA device and its compute capability. */
    public record Gpu(int index, int major, int minor, long totalMemory) {}

    /** Versions are CUDA's integers (e.g. 13000 for 13.0); absent values carry the reason instead. */
    public record Report(Optional<Integer> cudaRuntimeVersion, Optional<Integer> cudaDriverVersion,
                         List<Gpu> gpus, Optional<Long> cudnnVersion, String cudaProblem, String cudnnProblem) {
        public boolean cudaUsable() {
            return !gpus.isEmpty();
        }
    }

    private static final List<String> CUDART = List.of("libcudart.so.13", "libcudart.so.12", "libcudart.so");
    private static final List<String> CUDNN = List.of("libcudnn.so.9", "libcudnn.so");

    private static Report report;

    private Accelerators() {}

    /** Probes once per process, after libtorch is loaded (so its CUDA dependencies are found beside it). */
    public static synchronized Report probe() {
        if (report == null) report = doProbe(LibTorch.get());
        return report;
    }

    /** The CUDA devices libtorch can use: empty unless libtorch has CUDA and a GPU answers. */
    public static List<Device> cudaDevices() {
        Report r = probe();
        if (!LibTorch.get().hasCudaBuild()) return List.of();
        return r.gpus().stream().map(g -> Device.cuda(g.index())).toList();
    }

    private static Report doProbe(LibTorch torch) {
        List<Path> dirs = searchDirectories(torch.directory());
        Optional<Path> cudart = open(dirs, CUDART);
        if (cudart.isEmpty()) {
            return new Report(Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                    "CUDA runtime library not found (looked for " + CUDART + " near " + torch.directory()
                            + ", in $CUDA_HOME/lib64 and /usr/local/cuda/lib64)",
                    "needs the CUDA runtime");
        }
        Optional<Integer> runtime = intOut(CudaRuntime::cudaRuntimeGetVersion);
        Optional<Integer> driver = intOut(CudaRuntime::cudaDriverGetVersion).filter(v -> v > 0);
        List<Gpu> gpus = new ArrayList<>();
        String cudaProblem = "";
        MemorySegment out = Native.scratch().out;
        int err = CudaRuntime.cudaGetDeviceCount(out);
        if (err != CudaRuntime.cudaSuccess()) {
            cudaProblem = "no usable GPU: " + errorName(err) + " (" + errorString(err) + ")";
        } else {
            int count = out.get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
            for (int i = 0; i < count; i++) gpus.add(describe(i));
            if (count == 0) cudaProblem = "no GPU found";
        }
        if (!torch.hasCudaBuild()) {
            cudaProblem = torch.cudaBuildProblem().orElse("") + (cudaProblem.isEmpty() ? "" : "; " + cudaProblem);
        }
        Optional<Long> cudnn = Optional.empty();
        String cudnnProblem = "";
        if (open(dirs, CUDNN).isPresent()) {
            cudnn = Optional.of(Cudnn.cudnnGetVersion());
            if (!gpus.isEmpty()) cudnnProblem = cudnnHandleProblem();
        } else {
            cudnnProblem = "cuDNN library not found (looked for " + CUDNN + ")";
        }
        return new Report(runtime, driver, List.copyOf(gpus), cudnn, cudaProblem, cudnnProblem);
    }

    /** Creating a handle initialises cuDNN on the current GPU: the proof that it works here. */
    private static String cudnnHandleProblem() {
        MemorySegment out = Native.scratch().out;
        int status = Cudnn.cudnnCreate(out);
        if (status != 0) {
            return "cudnnCreate failed: " + Cudnn.cudnnGetErrorString(status).reinterpret(1024).getString(0);
        }
        Cudnn.cudnnDestroy(out.get(java.lang.foreign.ValueLayout.ADDRESS, 0));
        return "";
    }

    private static Gpu describe(int index) {
        int major = intOut(o -> CudaRuntime.cudaDeviceGetAttribute(o, CudaRuntime.cudaDevAttrComputeCapabilityMajor(), index)).orElse(0);
        int minor = intOut(o -> CudaRuntime.cudaDeviceGetAttribute(o, CudaRuntime.cudaDevAttrComputeCapabilityMinor(), index)).orElse(0);
        long total = 0;
        if (CudaRuntime.cudaSetDevice(index) == CudaRuntime.cudaSuccess()) {
            MemorySegment pair = Native.scratch().out;
            if (CudaRuntime.cudaMemGetInfo(pair, pair.asSlice(8)) == CudaRuntime.cudaSuccess()) {
                total = pair.get(java.lang.foreign.ValueLayout.JAVA_LONG, 8);
            }
        }
        return new Gpu(index, major, minor, total);
    }

    private static Optional<Integer> intOut(java.util.function.ToIntFunction<MemorySegment> call) {
        MemorySegment out = Native.scratch().out;
        return call.applyAsInt(out) == CudaRuntime.cudaSuccess()
                ? Optional.of(out.get(java.lang.foreign.ValueLayout.JAVA_INT, 0)) : Optional.empty();
    }

    private static String errorName(int err) {
        return CudaRuntime.cudaGetErrorName(err).reinterpret(256).getString(0);
    }

    private static String errorString(int err) {
        return CudaRuntime.cudaGetErrorString(err).reinterpret(1024).getString(0);
    }

    /** Beside libtorch, in an installed PyTorch's nvidia/ package tree, then the toolkit. */
    private static List<Path> searchDirectories(Path torchDir) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(torchDir);
        Path sitePackages = torchDir.getParent() == null ? null : torchDir.getParent().getParent();
        if (sitePackages != null) dirs.add(sitePackages.resolve("nvidia"));
        String cudaHome = System.getenv("CUDA_HOME");
        if (cudaHome != null) dirs.add(Path.of(cudaHome, "lib64"));
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        return dirs;
    }

    private static Optional<Path> open(List<Path> dirs, List<String> names) {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) continue;
            for (String name : names) {
                Optional<Path> file = find(dir, name);
                if (file.isPresent()) {
                    try {
                        System.load(file.get().toString());
                        return file;
                    } catch (UnsatisfiedLinkError e) {
                        // try the next candidate: an unloadable copy is as good as none
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> find(Path dir, String name) {
        // Walk the real directory: toolkits link lib64 -> lib, and a walk does not enter a linked root.
        try (Stream<Path> s = Files.find(dir.toRealPath(), 4, (p, a) -> p.getFileName().toString().equals(name))) {
            return s.sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
