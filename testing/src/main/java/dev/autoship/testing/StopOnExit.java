package dev.autoship.testing;

/** Stops a test server when the JVM exits, in case the tests never get to stop it themselves. */
final class StopOnExit {

    private final Thread hook;

    StopOnExit(String name, Runnable stop) {
        this.hook = new Thread(stop, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The server was stopped normally: nothing left to do at exit. */
    void cancel() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyExiting) {
            // the hook is running or ran
        }
    }
}
