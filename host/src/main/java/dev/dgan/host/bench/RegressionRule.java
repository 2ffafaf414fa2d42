package dev.dgan.host.bench;

/**
 * When a change counts as a regression: slower by more than {@code thresholdPct} percent AND by
 * more than the noise of the two measurements. The threshold is what a user will not accept
 * (and covers the drift between two runs that no single run's spread shows); the noise keeps a
 * small or jittery sample from failing a build by chance. Improvements are judged the same way.
 */
public record RegressionRule(double thresholdPct) {

    public static final double DEFAULT_THRESHOLD_PCT = 10;

    public RegressionRule {
        if (!(thresholdPct >= 0) || Double.isInfinite(thresholdPct))
            throw new IllegalArgumentException("--threshold: expected a percentage >= 0, got " + thresholdPct);
    }

    /**
     * @param slowerPct   how much slower the new measurement is, in percent (negative: faster)
     * @param beyondNoise whether the difference is larger than the measurements' noise
     */
    public Verdict judge(double slowerPct, boolean beyondNoise) {
        if (Double.isNaN(slowerPct)) return Verdict.NOT_COMPARABLE;
        if (slowerPct > thresholdPct) return beyondNoise ? Verdict.REGRESSED : Verdict.SLOWER_WITHIN_NOISE;
        if (-slowerPct > thresholdPct && beyondNoise) return Verdict.FASTER;
        return Verdict.UNCHANGED;
    }
}
