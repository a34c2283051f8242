package dev.autoship.predictor.model;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * When an answer may ship without review: a model's auto-ship threshold is the lowest confidence c such that, among
 * its validation answers with confidence ≥ c (at least {@link #MIN_ANSWERS} of them), the one-sided 95% Wilson
 * lower confidence bound of the share that was right reaches {@code targetPrecision}. Not the raw share: on a few
 * dozen answers a raw 96% is often luck. No such c (or no validation): no threshold, and no answer auto-ships.
 *
 * @param targetPrecision the precision auto-shipped answers are meant to reach (AUTOSHIP_AUTO_SHIP_PRECISION)
 */
public record AutoShipRule(double targetPrecision) {

    /** Fewest validation answers at or above a threshold it may rest on. */
    public static final int MIN_ANSWERS = 30;
    /** z of a one-sided 95% bound. */
    static final double Z = 1.6448536269514722;

    public AutoShipRule {
        if (!(targetPrecision > 0 && targetPrecision <= 1)) {
            throw new IllegalArgumentException("the target precision must be in (0, 1], got " + targetPrecision);
        }
    }

    public OptionalDouble threshold(List<ConfidenceTally> tallies) {
        return lowestReaching(tallies, List.of());
    }

    /**
     * The threshold on evidence pooled over many models' validations ({@code pooled}, which may include
     * {@code own}): the lowest confidence c at which the pooled answers with confidence ≥ c (at least
     * {@link #MIN_ANSWERS}) reach the target by their lower bound, and this model's own answers at ≥ c do not
     * contradict it (their one-sided 95% Wilson upper bound is not below the target). The lower of that and the
     * threshold on its own evidence, which here counts the pool as {@link #MIN_ANSWERS} answers more, right as often as
     * the pooled answers at ≥ c: among many models, some reach the target by their own few dozen answers by chance
     * alone (measured: at 15% label noise and a target of 0.90, above what any model reaches, 4% of the later answers
     * auto-shipped on own evidence at 0.854), while a model whose own evidence is strong keeps its threshold against a
     * pool of weaker ones (150 of 150 right against a pool right 87% of the time still reaches 0.95).
     */
    public OptionalDouble threshold(List<ConfidenceTally> own, List<ConfidenceTally> pooled) {
        OptionalDouble alone = ownReaching(own, pooled);
        OptionalDouble onPool = lowestReaching(pooled, own);
        if (alone.isPresent() && (onPool.isEmpty() || alone.getAsDouble() < onPool.getAsDouble())) {
            return alone;
        }
        return onPool;
    }

    /**
     * The lowest confidence c whose {@code evidence} at ≥ c reaches the target by its lower bound while the answers
     * of {@code mustAgree} at ≥ c do not fall short of it by their upper bound.
     */
    private OptionalDouble lowestReaching(List<ConfidenceTally> evidence, List<ConfidenceTally> mustAgree) {
        return lowest(evidence, mustAgree, (answers, right, agreeingAnswers, agreeingRight) ->
                answers >= MIN_ANSWERS && wilsonLowerBound(right, answers) >= targetPrecision
                        && (agreeingAnswers == 0 || wilsonUpperBound(agreeingRight, agreeingAnswers) >= targetPrecision));
    }

    /**
     * The lowest confidence c whose {@code own} answers at ≥ c (at least {@link #MIN_ANSWERS}) reach the target by
     * the lower bound of their share right, with {@link #MIN_ANSWERS} answers of the pooled share at ≥ c added (none
     * while the pool has fewer than {@link #MIN_ANSWERS} answers there).
     */
    private OptionalDouble ownReaching(List<ConfidenceTally> own, List<ConfidenceTally> pooled) {
        return lowest(own, pooled, (answers, right, poolAnswers, poolRight) -> {
            double prior = poolAnswers >= MIN_ANSWERS ? MIN_ANSWERS : 0;
            double priorRight = prior == 0 ? 0 : prior * poolRight / poolAnswers;
            return answers >= MIN_ANSWERS && wilsonLowerBound(right + priorRight, answers + prior) >= targetPrecision;
        });
    }

    /** Whether the answers at ≥ a confidence qualify, given both lists' answers and right ones at ≥ it. */
    private interface Qualifies {
        boolean at(int answers, int right, int otherAnswers, int otherRight);
    }

    /** The lowest confidence of {@code tallies} whose answers at ≥ it (and {@code other}'s at ≥ it) qualify. */
    private static OptionalDouble lowest(List<ConfidenceTally> tallies, List<ConfidenceTally> other, Qualifies qualifies) {
        List<ConfidenceTally> descending = descending(tallies);
        List<ConfidenceTally> otherDescending = descending(other);
        int answers = 0;
        int right = 0;
        int otherAnswers = 0;
        int otherRight = 0;
        int next = 0;
        OptionalDouble lowest = OptionalDouble.empty();
        for (ConfidenceTally tally : descending) {
            answers += tally.answers();
            right += tally.right();
            while (next < otherDescending.size() && otherDescending.get(next).confidence() >= tally.confidence()) {
                otherAnswers += otherDescending.get(next).answers();
                otherRight += otherDescending.get(next).right();
                next++;
            }
            if (qualifies.at(answers, right, otherAnswers, otherRight)) {
                lowest = OptionalDouble.of(tally.confidence());
            }
        }
        return lowest;
    }

    private static List<ConfidenceTally> descending(List<ConfidenceTally> tallies) {
        return tallies.stream().sorted(Comparator.comparingDouble(ConfidenceTally::confidence).reversed()).toList();
    }

    static double wilsonUpperBound(double right, double answers) {
        return 1 - wilsonLowerBound(answers - right, answers);
    }

    /** The one-sided 95% Wilson score lower bound of a proportion of {@code right} in {@code answers}. */
    static double wilsonLowerBound(double right, double answers) {
        double n = answers;
        double p = right / n;
        double z2 = Z * Z;
        return (p + z2 / (2 * n) - Z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / (1 + z2 / n);
    }
}
