package dev.dgan.host.select;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What {@code dgan select} chose and why: with a model, k-center greedy over the most uncertain
 * fraction of the pool; without one (the first round), k-center greedy over the whole pool.
 * Uncertainty alone keeps picking near-copies of one hard case; coverage alone ignores what the
 * model already knows. Filtering by uncertainty first, then covering, needs no weight to balance
 * a divergence against a feature distance.
 */
public record Selection(String format, String method, long firstSeed, int pool, double uncertainFraction, List<Picked> picked,
                        List<Candidate> candidates) {

    public static final String FORMAT = "dgan-selection/1";

    /** A chosen seed, in pick order: its uncertainty (null without a model) and distance to the nearest earlier pick or annotated sample. */
    public record Picked(long seed, Double uncertainty, double distance) {}

    /** Every candidate's score, for plots and audits. */
    public record Candidate(long seed, Double uncertainty) {}

    /**
     * Chooses {@code k} of the described pool, away from {@code annotated} (feature vectors of the
     * samples already annotated).
     */
    public static Selection choose(CandidatePool.Described pool, float[][] annotated, int k, double uncertainFraction, long firstSeed) {
        int n = pool.seeds().length;
        boolean scored = n > 0 && !Double.isNaN(pool.uncertainty()[0]);
        List<Integer> eligible = IntStream.range(0, n).boxed().toList();
        if (scored) {
            int keep = Math.max(k, (int) Math.ceil(uncertainFraction * n));
            eligible = eligible.stream().sorted(Comparator.comparingDouble((Integer i) -> -pool.uncertainty()[i]).thenComparing(i -> i))
                    .limit(keep).sorted().toList();
        }
        float[][] rows = eligible.stream().map(i -> pool.features()[i]).toArray(float[][]::new);
        List<Picked> picked = new ArrayList<>();
        for (KCenterGreedy.Pick p : KCenterGreedy.pick(rows, annotated, k)) {
            int i = eligible.get(p.candidate());
            picked.add(new Picked(pool.seeds()[i], scored ? pool.uncertainty()[i] : null,
                    Double.isInfinite(p.distance()) ? 0 : p.distance()));
        }
        List<Candidate> all = IntStream.range(0, n).mapToObj(i -> new Candidate(pool.seeds()[i], scored ? pool.uncertainty()[i] : null)).toList();
        String method = scored ? "k-center greedy over the " + eligible.size() + " most uncertain of " + n + " candidates"
                : "k-center greedy over pooled generator features (no model: no uncertainty)";
        return new Selection(FORMAT, method, firstSeed, n, scored ? uncertainFraction : 1, picked, all);
    }
}
