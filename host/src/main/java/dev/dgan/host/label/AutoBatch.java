package dev.dgan.host.label;

import dev.dgan.runtime.DeviceMemory;

import java.util.Locale;

/**
 * {@code --batch auto}: the largest batch whose measured working set fits in the device's free
 * memory. Two probe batches (of one and of two samples) are rendered and their peaks read; the
 * difference is one sample's share, the rest is fixed cost (workspaces, the first allocation of
 * each shape). The choice keeps a fifth of the free memory back for fragmentation and for what
 * the write stage holds, and is capped: on a GPU at {@link #GPU_CAP}, on the CPU at
 * {@link #CPU_CAP}, because larger batches there only cost memory (BigGAN-512 at batch 8 is
 * slower per image than at batch 1, see the README's benchmarks).
 */
public final class AutoBatch {

    public static final int GPU_CAP = 256;
    public static final int CPU_CAP = 4;
    static final double USABLE = 0.8;

    /** Renders one throw-away batch of the given size. */
    public interface Probe {
        void render(int batch) throws Exception;
    }

    /** What the probes measured and what was chosen. */
    public record Choice(int batch, long perSample, long fixed, long available) {
        public String describe() {
            return String.format(Locale.ROOT, "--batch auto: %d (probe: %s per sample, %s fixed, %s available)", batch,
                    mib(perSample), mib(fixed), mib(available));
        }

        private static String mib(long bytes) {
            return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
        }
    }

    private AutoBatch() {}

    public static Choice choose(DeviceMemory memory, Probe probe, boolean gpu, int atMost) throws Exception {
        long available = memory.available();
        memory.resetPeak();
        long base = memory.peak();
        probe.render(1);
        long one = Math.max(0, memory.peak() - base);
        memory.resetPeak();
        long baseTwo = gpu ? base : memory.peak();
        probe.render(2);
        long two = Math.max(0, memory.peak() - baseTwo);
        return decide(available, one, two, gpu ? GPU_CAP : CPU_CAP, atMost);
    }

    /** The arithmetic, apart from the probing: {@code one} and {@code two} are the probes' peaks above the start. */
    static Choice decide(long available, long one, long two, int cap, int atMost) {
        // at least 1 MiB per sample, so a probe the gauge cannot resolve does not pick an absurd batch
        long perSample = Math.max(two - one, Math.max(one / 2, 1L << 20));
        long fixed = Math.max(0, one - perSample);
        long budget = (long) (available * USABLE) - fixed;
        long fits = budget <= 0 ? 1 : budget / perSample;
        int batch = (int) Math.max(1, Math.min(Math.min(fits, cap), Math.max(1, atMost)));
        return new Choice(batch, perSample, fixed, available);
    }
}
