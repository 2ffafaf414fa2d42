package dev.dgan.host.bench;

import org.HdrHistogram.Histogram;

/**
 * One stage's latency in milliseconds, as a bench result file records it. Files written before
 * {@code dgan-bench/2} carry no minimum, p10 or standard deviation: those are NaN.
 */
public record StageStats(long count, double meanMs, double minMs, double p10Ms, double p50Ms, double p90Ms, double p99Ms,
                         double maxMs, double stddevMs) {

    public static StageStats of(Histogram h) {
        return new StageStats(h.getTotalCount(), h.getMean() / 1e6, h.getMinValue() / 1e6, h.getValueAtPercentile(10) / 1e6,
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6, h.getStdDeviation() / 1e6);
    }

    /**
     * The p10-p90 band in milliseconds: how far apart the middle 80% of the stage's timings lie.
     * Without a p10 (older files) the band is taken as symmetric about the median: twice p90-p50.
     */
    public double bandMs() {
        return Double.isNaN(p10Ms) ? 2 * (p90Ms - p50Ms) : p90Ms - p10Ms;
    }

    /** The band relative to the median, in percent: the stage's noise as the comparison table shows it. */
    public double spreadPct() {
        return p50Ms > 0 ? 100 * bandMs() / p50Ms : Double.NaN;
    }
}
