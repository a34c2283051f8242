package dev.autoship.predictor;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

/** Starts the predictor web server. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Config config = Config.create();
        WebServer server = WebServer.builder()
                .config(config.get("server"))
                .routing(Main::routing)
                .build()
                .start();
        System.out.println("Predictor listening on http://localhost:" + server.port());
    }

    static void routing(HttpRouting.Builder routing) {
        routing.get("/", (req, res) -> res.send("autoship predictor"));
    }
}
