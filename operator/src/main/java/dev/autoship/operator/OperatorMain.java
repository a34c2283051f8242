package dev.autoship.operator;

/** Entry point of the operator process (wiring arrives with the reconciler). */
public final class OperatorMain {

    private OperatorMain() {
    }

    public static void main(String[] args) {
        System.out.println("autoship operator");
    }
}
