package dev.dgan.runtime;

import dev.dgan.runtime.bindings.torch.TorchAbi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The process-wide libtorch: found, opened once, and checked before any tensor exists.
 *
 * <p>Opening is explicit ({@link #load(Path)}) or implicit on first use ({@link #get()}),
 * which resolves the directory from $DGAN_LIBTORCH or -Ddgan.libtorch. Start-up checks the
 * ABI version and every symbol the generated bindings refer to, and fails with one message
 * naming the library path, the version found and everything missing, instead of failing
 * later at the first call of a missing function.
 */
public final class LibTorch {

    /** The libtorch version the runtime is built against: 2.13.0, as TORCH_ABI_VERSION. */
    public static final long BUILD_ABI_VERSION = abi(2, 13, 0);
    /** The oldest libtorch the runtime runs on, with the fallbacks {@link AbiFeatures} lists. */
    public static final long MIN_ABI_VERSION = abi(2, 10, 0);

    /** Dependencies of the CPU build from Maven Central, opened first when present. */
    private static final List<String> CPU_DEPENDENCIES =
            List.of("libgomp.so.1", "libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5", "libopenblas.so.0");
    private static final List<String> REQUIRED = List.of("libc10.so", "libtorch_cpu.so");
    private static final List<String> CUDA_PARTS = List.of("libc10_cuda.so", "libtorch_cuda.so");

    private static volatile LibTorch instance;

    private final Path directory;
    private final Path torchCpu;
    private final long abiVersion;
    private final Optional<String> cudaUnavailableReason;
    private final AbiFeatures features;
    private volatile OptionalInt blasThreads = OptionalInt.empty();

    private LibTorch(Path directory, Path torchCpu, long abiVersion, Optional<String> cudaUnavailableReason, AbiFeatures features) {
        this.features = features;
        this.directory = directory;
        this.torchCpu = torchCpu;
        this.abiVersion = abiVersion;
        this.cudaUnavailableReason = cudaUnavailableReason;
    }

    /** The loaded libtorch, opening it from $DGAN_LIBTORCH or -Ddgan.libtorch if needed. */
    public static LibTorch get() {
        LibTorch lt = instance;
        return lt != null ? lt : load(null);
    }

    /**
     * Opens libtorch from {@code directory} (null: the default resolution). Idempotent for
     * the same directory; a second, different directory is an error since a process can
     * hold only one libtorch.
     */
    /** Environment variable with the intra-op thread count applied when libtorch is loaded. */
    public static final String THREADS_ENV = "DGAN_THREADS";

    public static synchronized LibTorch load(Path directory) {
        if (instance != null) {
            if (directory != null && !LibraryDirectory.resolve(directory).root().equals(instance.directory)) {
                throw new LibTorchLoadException("libtorch is already loaded from " + instance.directory
                        + "; cannot load a second one from " + directory);
            }
            return instance;
        }
        LibraryDirectory dir = LibraryDirectory.resolve(directory);
        MallocTuning.apply(); // before libtorch allocates its first block
        for (String dep : CPU_DEPENDENCIES) {
            dir.find(dep).ifPresent(LibTorch::open);
        }
        Path torchCpu = null;
        for (String name : REQUIRED) {
            Path file = dir.find(name).orElseThrow(() -> new LibTorchLoadException(
                    "libtorch directory " + dir.describe() + " has no " + name
                            + " (expected the libtorch shared libraries: " + REQUIRED + ")"));
            open(file);
            torchCpu = file;
        }
        Optional<String> cudaReason = openCudaParts(dir);
        long abi = TorchAbi.aoti_torch_abi_version();
        List<String> missing = missingSymbols();
        List<String> required = missing.stream().filter(s -> !AbiFeatures.FALLBACKS.containsKey(s)).toList();
        if (abi < MIN_ABI_VERSION || !required.isEmpty()) {
            throw new LibTorchLoadException("libtorch at " + torchCpu + " is version " + versionString(abi)
                    + " (ABI 0x" + Long.toHexString(abi) + "); dgan supports " + versionString(MIN_ABI_VERSION)
                    + " and newer (built against " + versionString(BUILD_ABI_VERSION) + ")"
                    + (required.isEmpty() ? "" : "; missing symbols: " + String.join(", ", required)));
        }
        instance = new LibTorch(dir.root(), torchCpu, abi, cudaReason, new AbiFeatures(abi, new java.util.HashSet<>(missing)));
        verifyDTypeCodes();
        String threads = System.getenv(THREADS_ENV);
        if (threads != null && !threads.isBlank()) {
            try {
                instance.setIntraOpThreads(Integer.parseInt(threads.trim()));
            } catch (NumberFormatException e) {
                throw new LibTorchLoadException(THREADS_ENV + ": expected a thread count, got '" + threads + "'");
            }
        }
        return instance;
    }

    /** DType's codes are c10::ScalarType values; a libtorch that renumbered them must not be used. */
    private static void verifyDTypeCodes() {
        int[][] pairs = {
                {DType.U8.torchCode(), TorchAbi.aoti_torch_dtype_uint8()},
                {DType.I8.torchCode(), TorchAbi.aoti_torch_dtype_int8()},
                {DType.I16.torchCode(), TorchAbi.aoti_torch_dtype_int16()},
                {DType.I32.torchCode(), TorchAbi.aoti_torch_dtype_int32()},
                {DType.I64.torchCode(), TorchAbi.aoti_torch_dtype_int64()},
                {DType.F16.torchCode(), TorchAbi.aoti_torch_dtype_float16()},
                {DType.F32.torchCode(), TorchAbi.aoti_torch_dtype_float32()},
                {DType.F64.torchCode(), TorchAbi.aoti_torch_dtype_float64()},
                {DType.BOOL.torchCode(), TorchAbi.aoti_torch_dtype_bool()},
                {DType.BF16.torchCode(), TorchAbi.aoti_torch_dtype_bfloat16()}};
        for (int[] p : pairs) {
            if (p[0] != p[1]) {
                throw new LibTorchLoadException("libtorch reports dtype code " + p[1] + " where dgan expects "
                        + DType.fromTorchCode(p[0]) + " = " + p[0] + "; this libtorch build is incompatible");
            }
        }
        if (TorchAbi.aoti_torch_device_type_cpu() != Device.CPU_TYPE
                || TorchAbi.aoti_torch_device_type_cuda() != Device.CUDA_TYPE) {
            throw new LibTorchLoadException("libtorch reports device type codes cpu="
                    + TorchAbi.aoti_torch_device_type_cpu() + ", cuda=" + TorchAbi.aoti_torch_device_type_cuda()
                    + "; dgan expects cpu=" + Device.CPU_TYPE + ", cuda=" + Device.CUDA_TYPE);
        }
    }

    private static Optional<String> openCudaParts(LibraryDirectory dir) {
        for (String name : CUDA_PARTS) {
            Optional<Path> file = dir.find(name);
            if (file.isEmpty()) return Optional.of("this libtorch is a CPU build (no " + name + ")");
            try {
                open(file.get());
            } catch (UnsatisfiedLinkError e) {
                return Optional.of("cannot open " + file.get() + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static void open(Path file) {
        try {
            System.load(file.toString());
        } catch (UnsatisfiedLinkError e) {
            throw new LibTorchLoadException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Symbols named in the jextract argument file (the bindings' source of truth) that are absent. */
    private static List<String> missingSymbols() {
        SymbolLookup lookup = SymbolLookup.loaderLookup();
        List<String> missing = new ArrayList<>();
        for (String symbol : boundSymbols("torch.jextract")) {
            if (lookup.find(symbol).isEmpty()) missing.add(symbol);
        }
        return missing;
    }

    static List<String> boundSymbols(String argFile) {
        String resource = "/dev/dgan/runtime/native/" + argFile;
        try (InputStream in = LibTorch.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("resource " + resource + " is missing from the runtime jar");
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).toList();
            List<String> symbols = new ArrayList<>();
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).equals("--include-function")) symbols.add(lines.get(i + 1));
            }
            return symbols;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long abi(int major, int minor, int patch) {
        return ((long) major << 56) | ((long) minor << 48) | ((long) patch << 40);
    }

    public static String versionString(long abi) {
        return ((abi >>> 56) & 0xff) + "." + ((abi >>> 48) & 0xff) + "." + ((abi >>> 40) & 0xff);
    }

    public Path directory() {
        return directory;
    }

    /** The libtorch_cpu.so that was opened. */
    public Path libraryPath() {
        return torchCpu;
    }

    public long abiVersion() {
        return abiVersion;
    }

    /** "2.13.0", derived from the ABI version libtorch reports. */
    public String version() {
        return versionString(abiVersion);
    }

    /** Threads libtorch's intra-op pool uses. */
    public int intraOpThreads() {
        return Native.withInt(out -> TorchAbi.torch_get_num_threads(out), "torch_get_num_threads");
    }

    /**
     * Sets the intra-op pool size. One thread is often faster for small tensors, and much
     * faster when other processes compete for the cores (idle pool threads spin).
     */
    public void setIntraOpThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        CxxAbi.setNumThreads(threads);
        blasThreads = BlasThreads.set(threads) ? OptionalInt.of(threads) : OptionalInt.empty();
    }

    /** The loaded libtorch's features, or null while it is still loading. */
    static AbiFeatures loadedFeatures() {
        LibTorch lt = instance;
        return lt == null ? null : lt.features;
    }

    /** Which optional stable-ABI symbols the loaded libtorch has, and the fallbacks taken for the rest. */
    public AbiFeatures features() {
        return features;
    }

    /** OpenBLAS's thread count as last set with the intra-op threads; empty when no OpenBLAS is loaded. */
    public OptionalInt blasThreads() {
        return blasThreads;
    }

    /** Whether the loaded libtorch was built with CUDA and its CUDA parts opened. */
    public boolean hasCudaBuild() {
        return cudaUnavailableReason.isEmpty();
    }

    /** Why this libtorch cannot run on CUDA, if it cannot. */
    public Optional<String> cudaBuildProblem() {
        return cudaUnavailableReason;
    }
}
