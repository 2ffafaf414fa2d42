package dev.dgan.tasks.mlp;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.ArrayList;
import java.util.List;

/**
 * The width interpolation of every low-resolution tap, block of output columns by block.
 * Bilinear interpolation reads two neighbouring source columns per output column, so a block
 * of {@code width} output columns reads only a short window of each tap's columns: the windows
 * of all taps stacked, plus a row for the bias, times {@link Block#matrix()} [rows, width] is
 * the block's first-layer pre-activation. A dense matrix over all source columns would cost
 * sum(r) / 2 times the arithmetic; blocks keep each product to a few dozen rows.
 */
final class ColumnBlocks implements AutoCloseable {

    /**
     * Output columns {@code x0 .. x0 + width - 1}: per tap, its source window {@code start[i] ..
     * start[i] + length[i] - 1}; {@code matrix} stacks every tap's [length, width] weights, then a
     * row of ones (for the bias).
     */
    record Block(int x0, int width, int[] start, int[] length, Tensor matrix) {
        /** The matrix's rows: every window, then the bias row. */
        int rows() {
            return (int) matrix.size(0);
        }
    }

    private final List<Block> blocks = new ArrayList<>();

    /** {@code sizes}: the taps' resolutions in the order their windows are concatenated; {@code w}: output width. */
    ColumnBlocks(List<Integer> sizes, int w, int blockWidth, DType type, Device device) {
        try {
            for (int x0 = 0; x0 < w; x0 += blockWidth) blocks.add(block(sizes, w, x0, Math.min(blockWidth, w - x0), type, device));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    List<Block> blocks() {
        return blocks;
    }

    /** The most rows any block's matrix has. */
    int maxRows() {
        return blocks.stream().mapToInt(Block::rows).max().orElse(1);
    }

    private static Block block(List<Integer> sizes, int w, int x0, int b, DType type, Device device) {
        int taps = sizes.size();
        int[] start = new int[taps], length = new int[taps];
        long[][] lo = new long[taps][b], hi = new long[taps][b];
        float[][] wLo = new float[taps][b], wHi = new float[taps][b];
        int rows = 1;
        for (int i = 0; i < taps; i++) {
            Bilinear.sourceRows(sizes.get(i), w, x0, b, lo[i], hi[i], wLo[i], wHi[i]);
            start[i] = (int) lo[i][0]; // source columns grow with x
            length[i] = (int) hi[i][b - 1] - start[i] + 1;
            rows += length[i];
        }
        float[] m = new float[rows * b];
        int row = 0;
        for (int i = 0; i < taps; i++) {
            for (int x = 0; x < b; x++) {
                m[(row + (int) lo[i][x] - start[i]) * b + x] += wLo[i][x];
                m[(row + (int) hi[i][x] - start[i]) * b + x] += wHi[i][x];
            }
            row += length[i];
        }
        java.util.Arrays.fill(m, row * b, (row + 1) * b, 1f);
        try (TensorScope scope = TensorScope.open()) {
            return new Block(x0, b, start, length, TensorScope.release(Compute.as(Tensor.of(m, rows, b).to(device), type)));
        }
    }

    @Override
    public void close() {
        blocks.forEach(b -> b.matrix().close());
        blocks.clear();
    }
}
