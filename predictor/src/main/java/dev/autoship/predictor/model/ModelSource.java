package dev.autoship.predictor.model;

/** Which tier answered with a model: as reported in the API's {@code model.source}. */
public enum ModelSource {
    MEMORY, REDIS, TRAINED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
