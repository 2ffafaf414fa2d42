package dev.dgan.runtime;

import dev.dgan.runtime.bindings.cuda.CudaRuntime;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How much memory a device has left and the most this process has held, for sizing batches and
 * reporting peaks.
 *
 * <p>On a GPU "held" is the device's used memory (total minus free, as {@code cudaMemGetInfo}
 * reports it). libtorch's caching allocator keeps every block it ever reserved, so that figure
 * only grows and is the peak of the work so far, plus the CUDA context and anything other
 * processes hold. On the CPU it is the process's peak resident set ({@code VmHWM}), which
 * {@link #resetPeak()} restarts from the current resident set.
 */
public interface DeviceMemory {

    /** Bytes a new allocation can still get. */
    long available();

    /** The most this process has held since the last {@link #resetPeak()} (or start). */
    long peak();

    /** Restarts {@link #peak()} from what is held now, where the device allows it. */
    void resetPeak();

    static DeviceMemory of(Device device) {
        return device.isCpu() ? new Host() : new Gpu(device.index());
    }

    /** Linux's accounting in /proc: MemAvailable, VmHWM and clear_refs. */
    final class Host implements DeviceMemory {
        @Override
        public long available() {
            return procKib(Path.of("/proc/meminfo"), "MemAvailable:").orElse(Runtime.getRuntime().maxMemory()) * 1024;
        }

        @Override
        public long peak() {
            return procKib(Path.of("/proc/self/status"), "VmHWM:").orElse(0) * 1024;
        }

        @Override
        public void resetPeak() {
            try {
                // "5" resets the peak resident set size to the current one (proc(5), clear_refs)
                Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            } catch (IOException | UnsupportedOperationException e) {
                // not Linux or not allowed: the peak then spans the whole process, which only overestimates
            }
        }

        private static OptionalLong procKib(Path file, String key) {
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith(key)) return OptionalLong.of(Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]));
                }
            } catch (IOException | NumberFormatException e) {
                // absent outside Linux
            }
            return OptionalLong.empty();
        }
    }

    /** cudaMemGetInfo on one GPU. */
    final class Gpu implements DeviceMemory {
        private final int index;

        Gpu(int index) {
            this.index = index;
        }

        @Override
        public long available() {
            return info()[0];
        }

        @Override
        public long peak() {
            long[] freeTotal = info();
            return freeTotal[1] - freeTotal[0];
        }

        @Override
        public void resetPeak() {
            // the caching allocator never gives reserved memory back here, so there is nothing to restart
        }

        private long[] info() {
            Accelerators.probe();
            if (CudaRuntime.cudaSetDevice(index) != CudaRuntime.cudaSuccess())
                throw new TorchException("cudaSetDevice(" + index + ") failed");
            MemorySegment pair = Native.scratch().out;
            if (CudaRuntime.cudaMemGetInfo(pair, pair.asSlice(8)) != CudaRuntime.cudaSuccess())
                throw new TorchException("cudaMemGetInfo on cuda:" + index + " failed");
            return new long[] {pair.get(ValueLayout.JAVA_LONG, 0), pair.get(ValueLayout.JAVA_LONG, 8)};
        }
    }
}
