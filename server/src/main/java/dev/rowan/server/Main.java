package dev.rowan.server;

import dev.rowan.server.config.Settings;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;

/** Starts the Rowan server: {@code ./rowan server} (see README). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Settings settings = Settings.from(Config.create(), System.getenv());
        RowanServer server = RowanServer.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "rowan-shutdown"));
    }
}
