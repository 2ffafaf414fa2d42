package dev.dgan.runtime;

import dev.dgan.runtime.bindings.torch.TorchAbi;

import java.util.Arrays;
import java.util.List;

/**
 * Tensor creation, arithmetic, shape and reduction ops. Every result is a new owning Tensor.
 * Ops whose schema takes a {@code Scalar} (which the dispatcher cannot pass) go through
 * libtorch's typed C shims or through the Tensor overload with a 0-dim scalar tensor.
 */
public final class Ops {

    private Ops() {}

    // ----- creation ---------------------------------------------------------------------

    public static Tensor zeros(DType dtype, Device device, long... shape) {
        Tensor.checkShape(shape);
        return OpCall.of("aten::zeros").ints(shape).optDtype(dtype).none().optDevice(device).none().call1();
    }

    public static Tensor ones(DType dtype, Device device, long... shape) {
        Tensor.checkShape(shape);
        return OpCall.of("aten::ones").ints(shape).optDtype(dtype).none().optDevice(device).none().call1();
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(double value, DType dtype, Device device, long... shape) {
        Tensor t = Tensor.empty(dtype, device, shape);
        fill_(t, value);
        return t;
    }

    /** In place: every element of {@code t} becomes {@code value}. */
    public static void fill_(Tensor t, double value) {
        Native.check(TorchAbi.aoti_torch_aten_fill__Scalar(t.handle(), value), "fill_");
    }

    /** In place: every element of {@code t} becomes 0. */
    public static void zero_(Tensor t) {
        OpCall.of("aten::zero_").tensor(t).call1().close();
    }

    /** Standard normal samples drawn from {@code generator}. */
    public static Tensor randn(Generator generator, DType dtype, Device device, long... shape) {
        return normal(generator, 0, 1, dtype, device, shape);
    }

    /** N(mean, std^2) samples drawn from {@code generator}: reproducible for a given seed and device. */
    public static Tensor normal(Generator generator, double mean, double std, DType dtype, Device device, long... shape) {
        Tensor.checkShape(shape);
        if (!(std >= 0)) throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        Tensor t = Tensor.empty(dtype, device, shape);
        try {
            normal_(t, generator, mean, std);
            return t;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /** In place: fills {@code t} with N(mean, std^2) samples from {@code generator}. */
    public static void normal_(Tensor t, Generator generator, double mean, double std) {
        if (!t.device().isCpu()) {
            // The generator is a CPU one: draw on the CPU, then copy, so every device sees the same numbers.
            try (Tensor host = normal(generator, mean, std, t.dtype(), Device.CPU, t.shape())) {
                t.copyFrom(host);
            }
            return;
        }
        OpCall c = OpCall.of("aten::normal_").tensor(t).f64(mean).f64(std);
        generator.pushTo(c);
        c.call1().close();
    }

    /** Uniform draws in [from, to) from {@code generator} (on the CPU, then copied, as {@link #normal_}). */
    public static Tensor uniform(Generator generator, double from, double to, DType dtype, Device device, long... shape) {
        Tensor.checkShape(shape);
        if (!(to >= from)) throw new IllegalArgumentException("uniform: expected from <= to, got " + from + ", " + to);
        Tensor t = Tensor.empty(dtype, Device.CPU, shape);
        try {
            OpCall c = OpCall.of("aten::uniform_").tensor(t).f64(from).f64(to);
            generator.pushTo(c);
            c.call1().close();
            if (device.isCpu()) return t;
            try (Tensor host = t) {
                return toCopy(host, dtype, device);
            }
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /**
     * Exp(lambda) draws on the CPU from {@code generator}: {@code torch.empty(shape).exponential_(lambda)},
     * the noise {@code torch.multinomial} draws to pick one index per row.
     */
    public static Tensor exponential(Generator generator, double lambda, DType dtype, long... shape) {
        Tensor.checkShape(shape);
        if (!(lambda > 0)) throw new IllegalArgumentException("exponential: lambda must be > 0, got " + lambda);
        Tensor t = Tensor.empty(dtype, Device.CPU, shape);
        try {
            OpCall c = OpCall.of("aten::exponential_").tensor(t).f64(lambda);
            generator.pushTo(c);
            c.call1().close();
            return t;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    // ----- arithmetic -------------------------------------------------------------------

    /** a + alpha * b (broadcasting), on any device. */
    public static Tensor add(Tensor a, Tensor b, double alpha) {
        // subtract_Tensor computes self - alpha * other; it is the device-generic shim with an alpha.
        return Tensor.own(Native.withPointer(
                out -> TorchAbi.aoti_torch_aten_subtract_Tensor(a.handle(), b.handle(), -alpha, out), "add"));
    }

    public static Tensor add(Tensor a, Tensor b) {
        return add(a, b, 1.0);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return add(a, b, -1.0);
    }

    public static Tensor add(Tensor a, double s) {
        try (Tensor st = Tensor.scalar(s)) {
            return add(a, st, 1.0);
        }
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return OpCall.of("aten::mul", "Tensor").tensor(a).tensor(b).call1();
    }

    public static Tensor mul(Tensor a, double s) {
        try (Tensor st = Tensor.scalar(s)) {
            return mul(a, st);
        }
    }

    public static Tensor div(Tensor a, Tensor b) {
        return OpCall.of("aten::div", "Tensor").tensor(a).tensor(b).call1();
    }

    public static Tensor div(Tensor a, double s) {
        try (Tensor st = Tensor.scalar(s)) {
            return div(a, st);
        }
    }

    /** a + weight * (b - a), elementwise with broadcasting. */
    public static Tensor lerp(Tensor a, Tensor b, Tensor weight) {
        return OpCall.of("aten::lerp", "Tensor").tensor(a).tensor(b).tensor(weight).call1();
    }

    public static Tensor neg(Tensor a) {
        return unary("aten::neg", a);
    }

    public static Tensor sqrt(Tensor a) {
        return unary("aten::sqrt", a);
    }

    /** 1 / sqrt(a), element-wise. */
    public static Tensor rsqrt(Tensor a) {
        return unary("aten::rsqrt", a);
    }

    /** Every element limited to [min, max]; keeps the dtype of {@code a}. */
    public static Tensor clamp(Tensor a, double min, double max) {
        if (!(min <= max)) throw new IllegalArgumentException("clamp: min " + min + " is not <= max " + max);
        try (Tensor lo = Tensor.scalar(min); Tensor hi = Tensor.scalar(max)) {
            return OpCall.of("aten::clamp", "Tensor").tensor(a).optTensor(lo).optTensor(hi).call1();
        }
    }

    public static Tensor exp(Tensor a) {
        return unary("aten::exp", a);
    }

    public static Tensor log(Tensor a) {
        return unary("aten::log", a);
    }

    public static Tensor square(Tensor a) {
        return unary("aten::square", a);
    }

    public static Tensor abs(Tensor a) {
        return unary("aten::abs", a);
    }

    /** Bool tensor: true where {@code a} is neither NaN nor infinite. */
    public static Tensor isfinite(Tensor a) {
        return unary("aten::isfinite", a);
    }

    public static Tensor maximum(Tensor a, Tensor b) {
        return OpCall.of("aten::maximum").tensor(a).tensor(b).call1();
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        return OpCall.of("aten::minimum").tensor(a).tensor(b).call1();
    }

    public static Tensor eq(Tensor a, Tensor b) {
        return OpCall.of("aten::eq", "Tensor").tensor(a).tensor(b).call1();
    }

    /** a > b elementwise (broadcasting), as bool. */
    public static Tensor gt(Tensor a, Tensor b) {
        return OpCall.of("aten::gt", "Tensor").tensor(a).tensor(b).call1();
    }

    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return OpCall.of("aten::where", "self").tensor(condition).tensor(a).tensor(b).call1();
    }

    static Tensor unary(String op, Tensor a) {
        return OpCall.of(op).tensor(a).call1();
    }

    // ----- matrix products --------------------------------------------------------------

    public static Tensor mm(Tensor a, Tensor b) {
        long[] sa = a.shape(), sb = b.shape();
        if (sa.length != 2 || sb.length != 2 || sa[1] != sb[0]) {
            throw new IllegalArgumentException("mm: expected [n,k] x [k,m], got " + Arrays.toString(sa) + " x " + Arrays.toString(sb));
        }
        return OpCall.of("aten::mm").tensor(a).tensor(b).call1();
    }

    public static Tensor bmm(Tensor a, Tensor b) {
        long[] sa = a.shape(), sb = b.shape();
        if (sa.length != 3 || sb.length != 3 || sa[0] != sb[0] || sa[2] != sb[1]) {
            throw new IllegalArgumentException("bmm: expected [b,n,k] x [b,k,m], got " + Arrays.toString(sa) + " x " + Arrays.toString(sb));
        }
        return OpCall.of("aten::bmm").tensor(a).tensor(b).call1();
    }

    /** torch.matmul: matrix products with broadcasting over leading dimensions. */
    public static Tensor matmul(Tensor a, Tensor b) {
        return OpCall.of("aten::matmul").tensor(a).tensor(b).call1();
    }

    /** beta * self + alpha * (m1 @ m2). With a 1-D bias and unit coefficients this is one fused GEMM. */
    public static Tensor addmm(Tensor self, Tensor m1, Tensor m2, double beta, double alpha) {
        if (beta == 1 && alpha == 1 && m1.dim() == 2 && m2.dim() == 2 && (self.dim() == 1
                || (self.dim() == 2 && self.size(0) == m1.size(0) && self.size(1) == m2.size(1)))) {
            // aten::linear on a 2-D input is one fused addmm(bias, input, weight.t()), and it
            // takes the bias as a tensor: the dispatcher cannot pass addmm's Scalar beta and alpha
            try (Tensor m2t = transpose(m2, 0, 1)) {
                return OpCall.of("aten::linear").tensor(m1).tensor(m2t).optTensor(self).call1();
            }
        }
        try (Tensor prod = mm(m1, m2); Tensor scaled = beta == 1 ? self.share() : mul(self, beta)) {
            return add(scaled, prod, alpha);
        }
    }

    public static Tensor addmm(Tensor self, Tensor m1, Tensor m2) {
        return addmm(self, m1, m2, 1, 1);
    }

    // ----- shape ------------------------------------------------------------------------

    public static Tensor reshape(Tensor a, long... shape) {
        return OpCall.of("aten::reshape").tensor(a).ints(shape).call1();
    }

    public static Tensor permute(Tensor a, long... dims) {
        if (dims.length != a.dim()) {
            throw new IllegalArgumentException("permute: " + dims.length + " dims given for a " + a.dim() + "-d tensor");
        }
        return OpCall.of("aten::permute").tensor(a).ints(dims).call1();
    }

    public static Tensor transpose(Tensor a, long dim0, long dim1) {
        return OpCall.of("aten::transpose", "int").tensor(a).i64(dim0).i64(dim1).call1();
    }

    /**
     * A view of {@code a}'s storage with the given sizes and strides (in elements), starting
     * {@code storageOffset} elements into the storage. libtorch checks the view against the
     * storage's size; the argument shapes are checked here first.
     */
    public static Tensor asStrided(Tensor a, long[] size, long[] stride, long storageOffset) {
        if (size.length != stride.length) {
            throw new IllegalArgumentException("asStrided: " + size.length + " sizes but " + stride.length + " strides");
        }
        Tensor.checkShape(size);
        for (long s : stride) {
            if (s < 0) throw new IllegalArgumentException("asStrided: negative stride in " + Arrays.toString(stride));
        }
        if (storageOffset < 0) throw new IllegalArgumentException("asStrided: negative storage offset " + storageOffset);
        return OpCall.of("aten::as_strided").tensor(a).ints(size).ints(stride).optI64(storageOffset).call1();
    }

    /** A copy with the order of elements reversed along each of {@code dims}. */
    public static Tensor flip(Tensor a, long... dims) {
        return OpCall.of("aten::flip").tensor(a).ints(dims).call1();
    }

    public static Tensor contiguous(Tensor a) {
        return OpCall.of("aten::contiguous").tensor(a).memoryFormat(0).call1();
    }

    public static Tensor unsqueeze(Tensor a, long dim) {
        return OpCall.of("aten::unsqueeze").tensor(a).i64(dim).call1();
    }

    public static Tensor squeeze(Tensor a, long dim) {
        return OpCall.of("aten::squeeze", "dim").tensor(a).i64(dim).call1();
    }

    public static Tensor flatten(Tensor a, long startDim, long endDim) {
        return OpCall.of("aten::flatten", "using_ints").tensor(a).i64(startDim).i64(endDim).call1();
    }

    public static Tensor narrow(Tensor a, long dim, long start, long length) {
        return OpCall.of("aten::narrow").tensor(a).i64(dim).i64(start).i64(length).call1();
    }

    public static Tensor expand(Tensor a, long... shape) {
        return OpCall.of("aten::expand").tensor(a).ints(shape).bool(false).call1();
    }

    public static Tensor cat(List<Tensor> tensors, long dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("cat: no tensors given");
        return OpCall.of("aten::cat").tensors(tensors).i64(dim).call1();
    }

    public static Tensor stack(List<Tensor> tensors, long dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack: no tensors given");
        return OpCall.of("aten::stack").tensors(tensors).i64(dim).call1();
    }

    /** Chunks of {@code splitSize} along {@code dim} (the last may be smaller). */
    public static List<Tensor> split(Tensor a, long splitSize, long dim) {
        if (splitSize <= 0) throw new IllegalArgumentException("split: size must be positive, got " + splitSize);
        return OpCall.of("aten::split", "Tensor").tensor(a).i64(splitSize).i64(dim).callList();
    }

    public static List<Tensor> splitWithSizes(Tensor a, long[] sizes, long dim) {
        return OpCall.of("aten::split_with_sizes").tensor(a).ints(sizes).i64(dim).callList();
    }

    public static Tensor indexSelect(Tensor a, long dim, Tensor index) {
        return OpCall.of("aten::index_select").tensor(a).i64(dim).tensor(index).call1();
    }

    /** Advanced indexing {@code a[i0, i1, ...]}; null entries select the whole dimension. */
    public static Tensor index(Tensor a, List<Tensor> indices) {
        return OpCall.of("aten::index", "Tensor").tensor(a).optTensors(indices).call1();
    }

    /** Pads the last dimensions: {@code pad} = (left, right, top, bottom, ...), constant {@code value}. */
    public static Tensor pad(Tensor a, long[] pad, double value) {
        return OpCall.of("aten::pad").tensor(a).ints(pad).str("constant").optF64(value).call1();
    }

    /** Pads with mode "reflect", "replicate" or "circular". */
    public static Tensor pad(Tensor a, long[] pad, String mode) {
        return OpCall.of("aten::pad").tensor(a).ints(pad).str(mode).none().call1();
    }

    // ----- reductions -------------------------------------------------------------------

    public static Tensor sum(Tensor a) {
        return OpCall.of("aten::sum").tensor(a).none().call1();
    }

    public static Tensor sum(Tensor a, long[] dims, boolean keepDim) {
        return OpCall.of("aten::sum", "dim_IntList").tensor(a).optInts(dims).bool(keepDim).none().call1();
    }

    public static Tensor mean(Tensor a) {
        return OpCall.of("aten::mean").tensor(a).none().call1();
    }

    public static Tensor mean(Tensor a, long[] dims, boolean keepDim) {
        return OpCall.of("aten::mean", "dim").tensor(a).optInts(dims).bool(keepDim).none().call1();
    }

    public static Tensor max(Tensor a) {
        return OpCall.of("aten::max").tensor(a).call1();
    }

    /** Max along {@code dim}: {values, indices}. */
    public static Tensor[] max(Tensor a, long dim, boolean keepDim) {
        return OpCall.of("aten::max", "dim").tensor(a).i64(dim).bool(keepDim).callN(2);
    }

    public static Tensor argmax(Tensor a, long dim, boolean keepDim) {
        return OpCall.of("aten::argmax").tensor(a).optI64(dim).bool(keepDim).call1();
    }

    /** In place: {@code self[i][index[i][j]] += src[i][j]} (dim 1; likewise for other dims), int64 index. */
    public static void scatterAdd_(Tensor self, long dim, Tensor index, Tensor src) {
        OpCall.of("aten::scatter_add_").tensor(self).i64(dim).tensor(index).tensor(src).call1().close();
    }

    /** One-hot encoding of int64 class ids: shape [..., classes], int64. */
    public static Tensor oneHot(Tensor ids, long classes) {
        if (classes <= 0) throw new IllegalArgumentException("oneHot: classes must be positive, got " + classes);
        return OpCall.of("aten::one_hot").tensor(ids).i64(classes).call1();
    }

    // ----- copies -----------------------------------------------------------------------

    /** A copy with another dtype and/or device (null keeps it). */
    public static Tensor toCopy(Tensor a, DType dtype, Device device) {
        return OpCall.of("aten::_to_copy").tensor(a).optDtype(dtype).none().optDevice(device).optBool(pinsCopy(a, device))
                .bool(false).none().call1();
    }

    /**
     * A GPU-to-host copy lands in page-locked memory (libtorch's caching host allocator reuses
     * the blocks): the DMA engine writes it directly instead of through a staging buffer, about
     * twice the bandwidth for the images and labels every batch brings back. The copy stays
     * synchronous, so the result is readable when this returns. Other copies pass none.
     */
    private static Boolean pinsCopy(Tensor a, Device target) {
        return target != null && target.isCpu() && !a.device().isCpu() ? Boolean.TRUE : null;
    }

    public static Tensor clone(Tensor a) {
        return OpCall.of("aten::clone").tensor(a).none().call1();
    }

    /** A tensor sharing storage but cut from the autograd graph. */
    public static Tensor detach(Tensor a) {
        return unary("aten::detach", a);
    }
}
