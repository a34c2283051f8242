package dev.autoship.predictor.evaluate;

import dev.autoship.predictor.config.EnvironmentVariable;
import dev.autoship.predictor.config.InvalidSettingException;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.ElasticsearchHistory;
import dev.autoship.predictor.history.HistoryUnavailableException;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.model.AutoShipRule;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code java -jar autoship-predictor.jar evaluate}: measures trainers on the configured Elasticsearch's own shipment
 * history before auto-ship is turned on. Samples customers with enough history in the window, splits each in time
 * (the newest 20% are the later orders), validates and trains each trainer on the rest as the predictor does, and
 * prints per trainer: accuracy, calibration error, auto-ship precision and coverage at AUTOSHIP_AUTO_SHIP_PRECISION,
 * median training time (validation included) and model size. Exit statuses: {@link ExitCode}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures trainers on the shipment history of the configured Elasticsearch (the predictor's "
                + "AUTOSHIP_* environment variables): per customer, the newest 20%% of its window are predicted by a "
                + "model validated and trained, as the predictor does, on the rest."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the table was printed",
                "1:an unexpected failure",
                "2:an invalid setting or option, or AUTOSHIP_ELASTICSEARCH_URL not set",
                "3:Elasticsearch cannot be reached or refuses the queries",
                "4:no customer has enough shipments in the window"})
public final class EvaluateCommand implements Callable<Integer> {

    /** Customers listed at most before sampling (the busiest, by the terms aggregation). */
    static final int MAX_LISTED_CUSTOMERS = 10_000;

    @Option(names = "--customers", paramLabel = "N", defaultValue = "20",
            description = "customers sampled (default: ${DEFAULT-VALUE})")
    private int customers;

    @Option(names = "--trainers", paramLabel = "NAME[,NAME...]", split = ",",
            defaultValue = "forest,tribuo-cart,tribuo-logistic",
            description = "trainers compared: forest (the predictor's), tribuo-cart, tribuo-logistic (default: ${DEFAULT-VALUE})")
    private List<String> trainers;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the customer sample (default: ${DEFAULT-VALUE})")
    private long seed;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private final Clock clock;

    EvaluateCommand(Map<String, String> environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    /** Runs the command line; returns its exit status. */
    public static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new EvaluateCommand(environment, Clock.systemUTC()));
        commandLine.setOut(out);
        commandLine.setErr(err);
        // invalid options, also those call() finds, get picocli's usage error: its message, the usage, exit 2
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("Cannot evaluate: " + e);
            e.printStackTrace(line.getErr());
            return ExitCode.FAILED;
        });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (customers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--customers must be at least 1, got " + customers);
        }
        Set<EvaluatedTrainer> chosen = new LinkedHashSet<>();
        for (String name : trainers) {
            try {
                chosen.add(EvaluatedTrainer.named(name));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--trainers: " + e.getMessage());
            }
        }
        PredictorSettings settings;
        try {
            settings = PredictorSettings.from(environment);
        } catch (InvalidSettingException e) {
            err.println("Cannot evaluate: " + e.getMessage());
            return ExitCode.BAD_SETTING;
        }
        if (settings.elasticsearch().isEmpty()) {
            err.println("Cannot evaluate: " + EnvironmentVariable.AUTOSHIP_ELASTICSEARCH_URL.name()
                    + " is not set; evaluate reads the shipment history from Elasticsearch (with the predictor's "
                    + "AUTOSHIP_ELASTICSEARCH_* settings)");
            return ExitCode.BAD_SETTING;
        }
        PredictorSettings.ElasticsearchSettings es = settings.elasticsearch().get();
        Instant since = clock.instant().minus(settings.historyWindow());
        int enough = enoughShipments(settings.minExamples());
        try (ElasticsearchHistory history = new ElasticsearchHistory(es)) {
            List<String> listed = history.customersWithHistory(since, enough, MAX_LISTED_CUSTOMERS);
            if (listed.isEmpty()) {
                err.println("Cannot evaluate: no customer has at least " + enough + " shipments in the last "
                        + settings.historyWindow() + " of index '" + es.index() + "' at " + es.url()
                        + " (" + settings.minExamples() + " to train (" + EnvironmentVariable.AUTOSHIP_MIN_EXAMPLES.name()
                        + ") and 20% more to predict; window: " + EnvironmentVariable.AUTOSHIP_HISTORY_WINDOW.name() + ")");
                return ExitCode.NO_CUSTOMER;
            }
            List<String> sample = sample(listed, customers, seed);
            out.printf("Evaluating %d of %d customers with at least %d shipments in the last %s of index '%s' "
                    + "(auto-ship target %.2f)%n", sample.size(), listed.size(), enough, settings.historyWindow(),
                    es.index(), settings.quality().autoShipPrecision());
            AutoShipRule rule = new AutoShipRule(settings.quality().autoShipPrecision());
            String source = "elasticsearch:" + es.index();
            CustomerEvaluation evaluation = new CustomerEvaluation(ShipmentModelTrainer.standard(clock)
                    .describingHistory(source, settings.historyWindow()).autoShipping(rule), rule, source);
            Map<EvaluatedTrainer, TrainerScore> scores = new EnumMap<>(EvaluatedTrainer.class);
            chosen.forEach(trainer -> scores.put(trainer, new TrainerScore(rule)));
            for (String customer : sample) {
                List<Shipment> window = history.recentShipments(customer, since, settings.maxExamples());
                if (window.size() < enough) {
                    continue;
                }
                for (EvaluatedTrainer trainer : chosen) {
                    evaluation.score(customer, window, trainer, scores.get(trainer));
                }
            }
            if (scores.values().iterator().next().customers() == 0) {
                err.println("Cannot evaluate: none of the sampled customers still had " + enough + " readable shipments");
                return ExitCode.NO_CUSTOMER;
            }
            print(out, scores, settings.quality().autoShipPrecision());
            return ExitCode.OK;
        } catch (HistoryUnavailableException e) {
            err.println("Cannot evaluate: " + e.getMessage() + "; check " + EnvironmentVariable.AUTOSHIP_ELASTICSEARCH_URL.name()
                    + " and its credentials");
            return ExitCode.ELASTICSEARCH_UNAVAILABLE;
        }
    }

    /** Shipments a customer needs: the minimum to train on, plus the later orders predicted. */
    static int enoughShipments(int minExamples) {
        return (int) Math.ceil(minExamples / (1 - CustomerEvaluation.LATER_SHARE));
    }

    static List<String> sample(List<String> customers, int count, long seed) {
        List<String> shuffled = new ArrayList<>(customers.stream().sorted().toList());
        Collections.shuffle(shuffled, new Random(seed));
        return List.copyOf(shuffled.subList(0, Math.min(count, shuffled.size())));
    }

    private static void print(PrintWriter out, Map<EvaluatedTrainer, TrainerScore> scores, double target) {
        out.printf("%n%-16s %9s %12s %9s %12s %18s %18s %10s %12s%n", "trainer", "customers", "later orders",
                "accuracy", "calibration", "auto-ship prec.", "auto-ship cover.", "train ms", "model bytes");
        scores.forEach((trainer, score) -> out.printf("%-16s %9d %12d %9.3f %12.3f %18s %18.3f %10.1f %12.0f%n",
                trainer.cliName(), score.customers(), score.answers(), score.accuracy(), score.calibrationError(),
                Double.isNaN(score.autoShipPrecision()) ? "-" : "%.3f".formatted(score.autoShipPrecision()),
                score.autoShipCoverage(), score.medianTrainMillis(), score.medianModelBytes()));
        out.printf("%nauto-ship at target %.2f: an answer auto-ships when its confidence reaches its model's threshold "
                + "(one-sided 95%% Wilson bound on the validation, see predictor/README.md) and does not rest on a value the "
                + "order did not give; train ms and model bytes "
                + "are medians per customer, validation included%n", target);
    }
}
