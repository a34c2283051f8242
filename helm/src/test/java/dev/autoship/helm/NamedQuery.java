package dev.autoship.helm;

/** A PromQL expression and where it is written (a dashboard panel, an alerting rule), for failure messages. */
record NamedQuery(String where, String expression) {

    PromQlNames names() {
        return PromQlNames.of(expression);
    }

    @Override
    public String toString() {
        return where + ": " + expression;
    }
}
