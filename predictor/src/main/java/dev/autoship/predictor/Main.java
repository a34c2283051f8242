package dev.autoship.predictor;

import dev.autoship.predictor.config.InvalidSettingException;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.evaluate.EvaluateCommand;
import dev.autoship.predictor.ops.Slf4jLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.util.Arrays;


/**
 * Starts the predictor from its environment variables. Exit status 2: a variable has an invalid value (the message
 * names it) or an argument other than {@code evaluate} was given; 1: the server could not start (e.g. the port is
 * taken). {@code evaluate ...} runs {@link EvaluateCommand} instead.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Slf4jLogging.install();
        if (args.length > 0 && args[0].equals("evaluate")) {
            System.exit(EvaluateCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(),
                    new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
            return;
        }
        if (args.length > 0) {
            // the server is configured by environment variables only: an argument is a mistyped command
            System.err.println("Unknown command '" + args[0] + "'. Usage: java -jar autoship-predictor.jar"
                    + " (serve; configured by AUTOSHIP_* environment variables) | evaluate [--help]");
            System.exit(2);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        PredictorSettings settings;
        try {
            settings = PredictorSettings.fromEnvironment();
        } catch (InvalidSettingException e) {
            log.error("Cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        PredictorServer server;
        try {
            server = PredictorServer.create(settings).start();
        } catch (CannotListenException e) {
            log.error("Cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            log.error("Cannot start: {}", e.toString(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        String url = "http://localhost:" + server.port();
        log.info("Predictor ready on {} ({}); health, metrics and admin on http://localhost:{}", url,
                server.describeBackends(), server.managementPort());
        log.info("Try it from the repository root: curl -s -X POST {}/v1/predictions "
                + "-H 'Content-Type: application/json' --data @examples/order.json", url);
    }
}
