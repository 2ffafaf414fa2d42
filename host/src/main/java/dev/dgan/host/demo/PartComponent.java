package dev.dgan.host.demo;

/**
 * One 8-connected component of eye and mouth candidates (rule step 7), in the terms of
 * {@code annotations/index.json}'s {@code rule_part_components}.
 *
 * @param pixels     its size
 * @param eyeVotes   how many of its pixels are eye candidates
 * @param mouthVotes how many are mouth candidates
 * @param cls        the label it got: 1 body (too small), 2 eye or 3 mouth
 */
public record PartComponent(int pixels, int eyeVotes, int mouthVotes, int cls) {

    public PartComponent {
        if (pixels <= 0 || eyeVotes < 0 || mouthVotes < 0 || eyeVotes + mouthVotes != pixels)
            throw new IllegalArgumentException("a part's votes add up to its pixels, got " + pixels + " pixels, "
                    + eyeVotes + " eye and " + mouthVotes + " mouth votes");
    }
}
