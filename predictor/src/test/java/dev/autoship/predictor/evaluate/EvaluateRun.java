package dev.autoship.predictor.evaluate;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of {@code evaluate} in process: its exit status and what it printed. */
record EvaluateRun(int status, String out, String err) {

    static EvaluateRun of(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = EvaluateCommand.run(args, environment, new PrintWriter(out), new PrintWriter(err));
        return new EvaluateRun(status, out.toString(), err.toString());
    }
}
