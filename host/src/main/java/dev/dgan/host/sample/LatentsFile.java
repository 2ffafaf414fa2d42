package dev.dgan.host.sample;

import dev.dgan.api.BackboneInfo;
import dev.dgan.api.Latents;
import dev.dgan.runtime.checkpoint.FiniteValues;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import dev.dgan.runtime.safetensors.TensorEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Latents given by the user: a safetensors file holding {@code z} [N, zDim], or {@code w}
 * [N, wDim] / {@code ws} [N, numWs, wDim] to skip the mapping network, or int64 code grids
 * {@code codes} [N, h, w] for a vector-quantized backbone (VQGAN), plus {@code c} class
 * ids [N] for class-conditional backbones. Everything is checked against the backbone
 * before a single native call is made.
 */
public final class LatentsFile implements AutoCloseable {

    private final Latents.Kind kind;
    private final Tensor values;
    private final Tensor classes;

    private LatentsFile(Latents.Kind kind, Tensor values, Tensor classes) {
        this.kind = kind;
        this.values = values;
        this.classes = classes;
    }

    public static LatentsFile read(Path file, BackboneInfo info) throws IOException {
        if (!Files.exists(file)) throw new IllegalArgumentException("latents file " + file + ": not found");
        if (!Files.isRegularFile(file))
            throw new IllegalArgumentException("latents file " + file + ": expected a safetensors file, found a directory or special file");
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            if (st.contains("codes")) return readCodes(file, st, info);
            String name = st.contains("z") ? "z" : st.contains("ws") ? "ws" : st.contains("w") ? "w" : null;
            if (name == null) {
                throw new IllegalArgumentException(file + ": expected a tensor named z [N, " + info.zDim() + "], w [N, "
                        + info.wDim() + "], ws [N, " + info.numWs() + ", " + info.wDim() + "] or codes [N, h, w] (int64 code"
                        + " grids of a vector-quantized backbone); found "
                        + st.names());
            }
            Latents.Kind kind = switch (name) {
                case "z" -> Latents.Kind.Z;
                case "w" -> Latents.Kind.W;
                default -> Latents.Kind.WS;
            };
            TensorEntry entry = st.get(name);
            long[] expected = switch (kind) {
                case Z, CODES -> new long[] {-1, info.zDim()};
                case W -> new long[] {-1, info.wDim()};
                case WS -> new long[] {-1, info.numWs(), info.wDim()};
            };
            checkShape(file, name, entry, expected);
            if (kind != Latents.Kind.Z && info.wDim() == 0) {
                throw new IllegalArgumentException(file + ": tensor '" + name + "' given, but backbone " + info.name()
                        + " has no intermediate latent; give z [N, " + info.zDim() + "]");
            }
            long n = entry.shape()[0];
            if (n == 0) throw new IllegalArgumentException(file + ": tensor '" + name + "' holds no rows");
            Tensor classes = readClasses(file, st, info, n);
            Tensor values;
            try (Tensor mapped = st.tensor(name)) {
                // A private copy: the mapping closes with the file.
                values = Ops.toCopy(mapped, DType.F32, Device.CPU);
                try {
                    FiniteValues.require(file.toString(), name, values);
                } catch (IllegalArgumentException e) {
                    values.close();
                    throw e;
                }
            } catch (RuntimeException e) {
                if (classes != null) classes.close();
                throw e;
            }
            return new LatentsFile(kind, values, classes);
        }
    }

    /**
     * Code grids of a vector-quantized backbone: {@code codes} int64 (or int32) [N, h, w] with
     * h * w = the backbone's zDim (a square grid), kept as int64.
     */
    private static LatentsFile readCodes(Path file, SafetensorsFile st, BackboneInfo info) throws IOException {
        TensorEntry entry = st.get("codes");
        long[] shape = entry.shape();
        int side = (int) Math.round(Math.sqrt(info.zDim()));
        if (shape.length != 3 || shape[1] != side || shape[2] != side || side * side != info.zDim()
                || (entry.dtype() != DType.I64 && entry.dtype() != DType.I32)) {
            throw new IllegalArgumentException(file + ": tensor 'codes' must be int64 [N, " + side + ", " + side
                    + "] (code grids of backbone " + info.name() + "), got " + entry.dtype() + Arrays.toString(shape));
        }
        long n = shape[0];
        if (n == 0) throw new IllegalArgumentException(file + ": tensor 'codes' holds no rows");
        Tensor classes = readClasses(file, st, info, n);
        Tensor values;
        try (Tensor mapped = st.tensor("codes")) {
            values = Ops.toCopy(mapped, DType.I64, Device.CPU);
        } catch (RuntimeException e) {
            if (classes != null) classes.close();
            throw e;
        }
        return new LatentsFile(Latents.Kind.CODES, values, classes);
    }

    /** Tensor c [n] as int64, when the backbone is class-conditional; else null. */
    private static Tensor readClasses(Path file, SafetensorsFile st, BackboneInfo info, long n) throws IOException {
        Tensor classes = null;
        if (info.conditioning().isConditional()) {
            if (!st.contains("c")) {
                throw new IllegalArgumentException(file + ": backbone " + info.name()
                        + " is class-conditional; expected a tensor c [" + n + "] of class ids");
            }
            TensorEntry c = st.get("c");
            if (c.shape().length != 1 || c.shape()[0] != n || (c.dtype() != DType.I64 && c.dtype() != DType.I32)) {
                throw new IllegalArgumentException(file + ": tensor 'c' must be int64 or int32 [" + n
                        + "], got " + c.dtype() + Arrays.toString(c.shape()));
            }
            try (Tensor mapped = st.tensor("c")) {
                classes = Ops.toCopy(mapped, DType.I64, Device.CPU);
            }
        }
        return classes;
    }

    private static void checkShape(Path file, String name, TensorEntry entry, long[] expected) {
        long[] shape = entry.shape();
        boolean ok = shape.length == expected.length
                && (entry.dtype() == DType.F32 || entry.dtype() == DType.F64 || entry.dtype() == DType.F16);
        for (int i = 1; ok && i < shape.length; i++) ok = shape[i] == expected[i];
        if (!ok) {
            String want = Arrays.toString(expected).replace("-1", "N");
            throw new IllegalArgumentException(file + ": tensor '" + name + "' must be float " + want + ", got "
                    + entry.dtype() + Arrays.toString(shape));
        }
    }

    public Latents.Kind kind() {
        return kind;
    }

    /** The class id of every row (tensor c), for class-conditional backbones. */
    public Optional<long[]> classIds() {
        return classes == null ? Optional.empty() : Optional.of(classes.toLongArray());
    }

    public long count() {
        return values.shape()[0];
    }

    /** Rows [start, start + n) as a new batch on {@code device}; the caller owns it. */
    public Latents batch(long start, long n, Device device) {
        Optional<Tensor> c = Optional.empty();
        if (classes != null) {
            try (Tensor crow = Ops.narrow(classes, 0, start, n)) {
                c = Optional.of(Ops.toCopy(crow, null, device));
            }
        }
        try (Tensor rows = Ops.narrow(values, 0, start, n)) {
            return new Latents(kind, Ops.toCopy(rows, null, device), c);
        } catch (RuntimeException e) {
            c.ifPresent(Tensor::close);
            throw e;
        }
    }

    @Override
    public void close() {
        values.close();
        if (classes != null) classes.close();
    }
}
