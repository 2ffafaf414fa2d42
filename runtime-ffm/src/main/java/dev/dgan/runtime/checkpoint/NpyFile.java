package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads NumPy {@code .npy} files ({@code np.save} of one array), such as DatasetGAN's average
 * latents, and writes them ({@link #write}). Format versions 1.0, 2.0 and 3.0; little-endian {@code f4}, {@code f8}, {@code i8},
 * {@code i4} and {@code u1} elements in C order. Fortran-ordered arrays, object and structured
 * dtypes, big-endian data and truncated files are {@link CheckpointFormatException}s naming the
 * file and the header field.
 *
 * <p>The header is a Python dict literal, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (1, 18, 64), }}; it is parsed
 * here (strings, booleans and integer tuples only), never evaluated.
 */
public final class NpyFile {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER_BYTES = 1 << 20;

    /**
     * The parsed header.
     *
     * @param version    format major version (1, 2 or 3)
     * @param descr      the dtype string as written, e.g. {@code <f4}
     * @param dtype      the element type it maps to
     * @param shape      array shape ({@code []} for a 0-d array)
     * @param dataOffset byte offset of the first element
     */
    public record Header(int version, String descr, DType dtype, long[] shape, long dataOffset) {

        public Header {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        public long numel() {
            long n = 1;
            for (long s : shape) n = Math.multiplyExact(n, s);
            return n;
        }

        @Override
        public String toString() {
            return "npy v" + version + " " + descr + " " + Arrays.toString(shape);
        }
    }

    private NpyFile() {}

    /** Reads and validates the header only. */
    public static Header header(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch);
        }
    }

    /**
     * The array as a new contiguous CPU tensor of the file's dtype, owned by the caller (or by
     * the TensorScope open on this thread).
     */
    public static Tensor read(Path file) throws IOException {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new CheckpointFormatException(file, null, "byte order", "reading .npy needs a little-endian machine");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(file, ch);
            long bytes = Math.multiplyExact(h.numel(), (long) h.dtype().byteSize());
            long available = ch.size() - h.dataOffset();
            if (available < bytes) {
                throw new CheckpointFormatException(file, null, "data", "shape " + Arrays.toString(h.shape()) + " of "
                        + h.descr() + " needs " + bytes + " bytes after the header, the file has " + available
                        + " (truncated)");
            }
            if (available > bytes) {
                throw new CheckpointFormatException(file, null, "data", "shape " + Arrays.toString(h.shape()) + " of "
                        + h.descr() + " needs " + bytes + " bytes after the header, the file has " + available
                        + " (trailing bytes: not a single np.save array)");
            }
            Tensor t = Tensor.empty(h.dtype(), Device.CPU, h.shape());
            try {
                if (bytes > 0) {
                    MemorySegment dst = t.data();
                    long pos = h.dataOffset();
                    long done = 0;
                    while (done < bytes) {
                        int chunk = (int) Math.min(bytes - done, 1 << 26);
                        ByteBuffer buf = dst.asSlice(done, chunk).asByteBuffer();
                        while (buf.hasRemaining()) {
                            int n = ch.read(buf, pos + done + buf.position());
                            if (n < 0) {
                                throw new CheckpointFormatException(file, null, "data", "file ended inside the array data");
                            }
                        }
                        done += chunk;
                    }
                }
                return t;
            } catch (IOException | RuntimeException e) {
                t.close();
                throw e;
            }
        }
    }

    /**
     * Writes {@code tensor} as {@code np.save} would (format 1.0, C order, little-endian; f4, f8,
     * i8, i4 or u1), so that {@code np.load} and {@link #read} give it back. The tensor is
     * borrowed; any device.
     */
    public static void write(Path file, Tensor tensor) throws IOException {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IOException(file + ": writing .npy needs a little-endian machine");
        }
        String descr = switch (tensor.dtype()) {
            case F32 -> "<f4";
            case F64 -> "<f8";
            case I64 -> "<i8";
            case I32 -> "<i4";
            case U8 -> "|u1";
            default -> throw new IllegalArgumentException(file + ": .npy writing supports f4, f8, i8, i4 and u1 tensors, got "
                    + tensor.dtype());
        };
        long[] shape = tensor.shape();
        StringBuilder dims = new StringBuilder();
        for (long s : shape) dims.append(s).append(", ");
        // a 1-d tuple keeps its comma, (n,); numpy writes (n, m) without the trailing one
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + (shape.length == 0 ? "" : dims.substring(0, dims.length() - 2)) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        // numpy pads the header with spaces and a newline so the data starts at a multiple of 64
        int unpadded = MAGIC.length + 4 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        try (TensorScope scope = TensorScope.open();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE)) {
            Tensor cpu = Ops.contiguous(tensor.to(Device.CPU));
            ByteBuffer pre = ByteBuffer.allocate(MAGIC.length + 4 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
            pre.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length())
                    .put(header.getBytes(StandardCharsets.ISO_8859_1)).flip();
            while (pre.hasRemaining()) ch.write(pre);
            if (cpu.numel() > 0) {
                MemorySegment src = cpu.data();
                for (long done = 0; done < src.byteSize(); ) {
                    ByteBuffer chunk = src.asSlice(done, Math.min(src.byteSize() - done, 1 << 26)).asByteBuffer();
                    done += chunk.remaining();
                    while (chunk.hasRemaining()) ch.write(chunk);
                }
            }
        }
    }

    private static Header readHeader(Path file, FileChannel ch) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, pre, 0);
        int got = pre.position();
        pre.flip();
        if (got < 10) {
            throw new CheckpointFormatException(file, null, "magic", "expected a .npy file starting with \\x93NUMPY,"
                    + " the file has only " + got + " bytes");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre.get(i) != MAGIC[i]) {
                throw new CheckpointFormatException(file, null, "magic", "expected a .npy file starting with"
                        + " \\x93NUMPY, got other bytes");
            }
        }
        int major = pre.get(6) & 0xFF, minor = pre.get(7) & 0xFF;
        long headerLen;
        int prefix;
        if (major == 1) {
            headerLen = pre.getShort(8) & 0xFFFF;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            if (got < 12) throw new CheckpointFormatException(file, null, "header length", "file ends inside the header length");
            headerLen = pre.getInt(8) & 0xFFFFFFFFL;
            prefix = 12;
        } else {
            throw new CheckpointFormatException(file, null, "version", "expected format version 1.0, 2.0 or 3.0, got "
                    + major + "." + minor);
        }
        if (headerLen > MAX_HEADER_BYTES) {
            throw new CheckpointFormatException(file, null, "header length", "header of " + headerLen
                    + " bytes is implausibly large (limit " + MAX_HEADER_BYTES + ")");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, prefix);
        if (hb.position() < headerLen) {
            throw new CheckpointFormatException(file, null, "header", "file ends inside the " + headerLen + "-byte header");
        }
        String text = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict;
        try {
            dict = new DictParser(text).parse();
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(file, null, "header", "expected a dict literal like {'descr': '<f4',"
                    + " 'fortran_order': False, 'shape': (2, 3), }: " + e.getMessage() + " in " + text.strip());
        }
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw new CheckpointFormatException(file, null, key, "missing from the header " + text.strip());
            }
        }
        Object descr = dict.get("descr");
        if (!(descr instanceof String d)) {
            throw new CheckpointFormatException(file, null, "descr", "structured dtypes are not supported; expected one"
                    + " of <f4, <f8, <i8, <i4, |u1, got " + descr);
        }
        DType dtype = dtypeOf(file, d);
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean f)) {
            throw new CheckpointFormatException(file, null, "fortran_order", "expected True or False, got " + fortran);
        }
        if (f) {
            throw new CheckpointFormatException(file, null, "fortran_order", "Fortran-ordered (column-major) arrays are"
                    + " not supported; save the array in C order (np.ascontiguousarray) first");
        }
        Object shapeValue = dict.get("shape");
        if (!(shapeValue instanceof long[] shape)) {
            throw new CheckpointFormatException(file, null, "shape", "expected a tuple of integers, got " + shapeValue);
        }
        for (long s : shape) {
            if (s < 0) throw new CheckpointFormatException(file, null, "shape", "negative size in " + Arrays.toString(shape));
        }
        try {
            long n = 1;
            for (long s : shape) n = Math.multiplyExact(n, s);
            Math.multiplyExact(n, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(file, null, "shape", Arrays.toString(shape) + " overflows");
        }
        return new Header(major, d, dtype, shape, prefix + headerLen);
    }

    private static DType dtypeOf(Path file, String descr) throws CheckpointFormatException {
        if (descr.length() >= 2 && descr.charAt(0) == '>' && !descr.substring(1).equals("u1")) {
            throw new CheckpointFormatException(file, null, "descr", "big-endian data ('" + descr + "') is not supported;"
                    + " expected little-endian <f4, <f8, <i8, <i4 or |u1");
        }
        return switch (descr) {
            case "<f4" -> DType.F32;
            case "<f8" -> DType.F64;
            case "<i8" -> DType.I64;
            case "<i4" -> DType.I32;
            case "|u1", "<u1", ">u1", "u1" -> DType.U8;
            default -> {
                String what = descr.contains("O") ? "object arrays (pickled Python objects) are not supported"
                        : "unsupported dtype";
                throw new CheckpointFormatException(file, null, "descr", what + "; expected one of <f4, <f8, <i8, <i4,"
                        + " |u1, got '" + descr + "'");
            }
        };
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) return;
            pos += n;
        }
    }

    private record Structured(String fields) {
        @Override
        public String toString() {
            return fields;
        }
    }

    /** Parses the header's Python literal: a dict of string keys to strings, booleans, ints and int tuples. */
    private static final class DictParser {
        private final String s;
        private int i;

        DictParser(String s) {
            this.s = s;
        }

        Map<String, Object> parse() {
            skip();
            expect('{');
            Map<String, Object> out = new LinkedHashMap<>();
            skip();
            while (peek() != '}') {
                Object key = value();
                if (!(key instanceof String k)) throw new IllegalArgumentException("dict key " + key + " is not a string");
                skip();
                expect(':');
                out.put(k, value());
                skip();
                if (peek() == ',') {
                    i++;
                    skip();
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' at offset " + i);
                }
            }
            i++;
            skip();
            if (i != s.length()) throw new IllegalArgumentException("unexpected text after the dict at offset " + i);
            return out;
        }

        private Object value() {
            skip();
            char c = peek();
            if (c == '\'' || c == '"') return string(c);
            if (c == '(') return tuple();
            if (c == '[') return list();
            if (c == '-' || Character.isDigit(c)) return integer();
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at offset " + i);
        }

        private String string(char quote) {
            int start = ++i;
            while (i < s.length() && s.charAt(i) != quote) {
                if (s.charAt(i) == '\\') throw new IllegalArgumentException("escapes in strings are not supported");
                i++;
            }
            if (i >= s.length()) throw new IllegalArgumentException("unterminated string at offset " + (start - 1));
            return s.substring(start, i++);
        }

        private long[] tuple() {
            expect('(');
            List<Long> items = new ArrayList<>();
            skip();
            while (peek() != ')') {
                // only integers: checked before parsing, so nested tuples cannot recurse until the stack overflows
                char c = peek();
                if (c != '-' && !Character.isDigit(c)) {
                    throw new IllegalArgumentException("expected an integer in the tuple at offset " + i + ", got '" + c + "'");
                }
                items.add(integer());
                skip();
                if (peek() == ',') {
                    i++;
                    skip();
                } else if (peek() != ')') {
                    throw new IllegalArgumentException("expected ',' or ')' at offset " + i);
                }
            }
            i++;
            return items.stream().mapToLong(Long::longValue).toArray();
        }

        /** A structured dtype's field list: kept as text only so the caller can reject it by name. */
        private Structured list() {
            int depth = 0, start = i;
            do {
                char c = peek();
                if (c == '[') depth++;
                if (c == ']') depth--;
                i++;
            } while (depth > 0);
            return new Structured(s.substring(start, i));
        }

        private Long integer() {
            int start = i;
            if (peek() == '-') i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            String digits = s.substring(start, i);
            if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) i++; // Python 2 long
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad integer '" + digits + "'");
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private char peek() {
            if (i >= s.length()) throw new IllegalArgumentException("header ends early");
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) throw new IllegalArgumentException("expected '" + c + "' at offset " + i + ", got '" + peek() + "'");
            i++;
        }
    }
}
