package dev.dgan.runtime;

/**
 * A device a tensor lives on. Type codes are c10::DeviceType values (checked against
 * libtorch at start-up); the CPU has index -1, as libtorch expects.
 */
public record Device(int type, int index) {

    static final int CPU_TYPE = 0;
    static final int CUDA_TYPE = 1;

    public static final Device CPU = new Device(CPU_TYPE, -1);

    public static Device cuda(int index) {
        if (index < 0) throw new IllegalArgumentException("CUDA device index must be >= 0, got " + index);
        return new Device(CUDA_TYPE, index);
    }

    /** "cpu", "cuda" (device 0) or "cuda:N". */
    public static Device parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) return CPU;
        if (t.equals("cuda")) return cuda(0);
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + text + "': expected cpu, cuda or cuda:N");
    }

    public boolean isCpu() {
        return type == CPU_TYPE;
    }

    public boolean isCuda() {
        return type == CUDA_TYPE;
    }

    /** The dispatcher's encoding of a Device: type in the high word, index (as uint32) in the low. */
    long stableValue() {
        return ((long) type << 32) | (index & 0xFFFFFFFFL);
    }

    @Override
    public String toString() {
        return isCpu() ? "cpu" : isCuda() ? "cuda:" + index : "device(" + type + ":" + index + ")";
    }
}
