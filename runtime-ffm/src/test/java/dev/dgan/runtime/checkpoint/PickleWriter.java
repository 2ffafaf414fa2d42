package dev.dgan.runtime.checkpoint;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, so tests can build exactly the bytes they mean (hostile ones included). */
final class PickleWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter raw(int... bytes) {
        for (int b : bytes) out.write(b);
        return this;
    }

    PickleWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    PickleWriter proto(int version) {
        return raw(0x80, version);
    }

    /** GLOBAL: {@code c<module>\n<name>\n}. */
    PickleWriter global(String module, String name) {
        raw('c');
        raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** SHORT_BINUNICODE module, SHORT_BINUNICODE name, STACK_GLOBAL (protocol 4). */
    PickleWriter stackGlobal(String module, String name) {
        return shortStr(module).shortStr(name).raw(0x93);
    }

    /** INST (protocol 0): calls module.name with the items since the last MARK. */
    PickleWriter inst(String module, String name) {
        raw('i');
        raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    PickleWriter mark() {
        return raw('(');
    }

    /** BINUNICODE. */
    PickleWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        raw('X');
        le(b.length, 4);
        return raw(b);
    }

    PickleWriter shortStr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        raw(0x8c, b.length);
        return raw(b);
    }

    /** STRING (protocol 0): a quoted line. */
    PickleWriter protocol0Str(String s) {
        raw('S');
        return raw(("'" + s + "'\n").getBytes(StandardCharsets.UTF_8));
    }

    PickleWriter integer(long v) {
        if (v >= 0 && v < 256) return raw('K', (int) v);
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            raw('J');
            return le(v, 4);
        }
        return longInt(BigInteger.valueOf(v));
    }

    /** LONG1: little-endian two's complement. */
    PickleWriter longInt(BigInteger v) {
        byte[] be = v.toByteArray();
        raw(0x8a, be.length);
        for (int i = be.length - 1; i >= 0; i--) out.write(be[i]);
        return this;
    }

    /** BINBYTES. */
    PickleWriter binbytes(byte[] b) {
        raw('B');
        le(b.length, 4);
        return raw(b);
    }

    /** BINFLOAT: big-endian IEEE double. */
    PickleWriter binfloat(double v) {
        raw('G');
        long bits = Double.doubleToLongBits(v);
        for (int i = 7; i >= 0; i--) out.write((int) (bits >>> (8 * i)) & 0xFF);
        return this;
    }

    PickleWriter emptySet() {
        return raw(0x8f);
    }

    /** ADDITEMS: adds the items since the last MARK to the set below it. */
    PickleWriter additems() {
        return raw(0x90);
    }

    PickleWriter bool(boolean v) {
        return raw(v ? 0x88 : 0x89);
    }

    PickleWriter none() {
        return raw('N');
    }

    PickleWriter tuple() {
        return raw('t');
    }

    PickleWriter tuple1() {
        return raw(0x85);
    }

    PickleWriter emptyTuple() {
        return raw(')');
    }

    PickleWriter tupleOf(long... values) {
        if (values.length == 0) return emptyTuple();
        mark();
        for (long v : values) integer(v);
        return tuple();
    }

    PickleWriter emptyDict() {
        return raw('}');
    }

    PickleWriter emptyList() {
        return raw(']');
    }

    PickleWriter setitem() {
        return raw('s');
    }

    PickleWriter setitems() {
        return raw('u');
    }

    PickleWriter appends() {
        return raw('e');
    }

    PickleWriter reduce() {
        return raw('R');
    }

    PickleWriter newobj() {
        return raw(0x81);
    }

    PickleWriter build() {
        return raw('b');
    }

    PickleWriter binpersid() {
        return raw('Q');
    }

    PickleWriter binput(int index) {
        return raw('q', index);
    }

    PickleWriter binget(int index) {
        return raw('h', index);
    }

    PickleWriter stop() {
        return raw('.');
    }

    PickleWriter le(long v, int bytes) {
        for (int i = 0; i < bytes; i++) out.write((int) (v >>> (8 * i)) & 0xFF);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** {@code collections.OrderedDict()} on the stack. */
    PickleWriter orderedDict() {
        return global("collections", "OrderedDict").emptyTuple().reduce();
    }

    /**
     * {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}
     * as torch.save writes it; the persistent id is the zip format's 5-tuple, or the legacy
     * 6-tuple when {@code legacy} (with {@code view} = null or {view_key, offset, size}).
     */
    PickleWriter tensor(String storageType, String key, long storageNumel, long offset, long[] size, long[] stride,
                        boolean legacy, Object[] view) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(storageNumel);
        if (legacy) {
            if (view == null) {
                none();
            } else {
                mark().str((String) view[0]).integer((Long) view[1]).integer((Long) view[2]).tuple();
            }
        }
        tuple().binpersid();
        integer(offset).tupleOf(size).tupleOf(stride).bool(false).orderedDict();
        tuple();
        return reduce();
    }
}
