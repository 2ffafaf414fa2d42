package dev.dgan.host.bench;

/** What the comparison concludes for one stage or benchmark; only {@link #REGRESSED} fails the command. */
public enum Verdict {
    REGRESSED("REGRESSED"),
    /** Slower by more than the threshold, but not by more than the noise: run again, or with more samples. */
    SLOWER_WITHIN_NOISE("slower, within noise"),
    UNCHANGED("ok"),
    FASTER("faster"),
    ONLY_OLD("only in OLD"),
    ONLY_NEW("only in NEW"),
    /** Scores in units that do not convert into each other, or a baseline of zero or NaN. */
    NOT_COMPARABLE("not comparable");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
