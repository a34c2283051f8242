package dev.autoship.predictor.model;

/**
 * How a model's validation answers at one confidence fared: {@code answers} answers had exactly this confidence and
 * {@code right} of them were the shipment the customer used. A forest's confidences are vote shares (multiples of
 * 1/trees), so a validation has at most trees + 1 tallies.
 */
public record ConfidenceTally(double confidence, int answers, int right) {

    public ConfidenceTally {
        if (!(confidence >= 0 && confidence <= 1) || answers < 1 || right < 0 || right > answers) {
            throw new IllegalArgumentException("not a confidence tally: " + right + " of " + answers + " right at "
                    + confidence);
        }
    }
}
