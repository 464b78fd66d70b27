package dev.rowan.desktop;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The preset server URL IT ships in {@code rowan.properties} next to the application jars (the installers put it
 * there); {@code -Drowan.server.url} overrides it. Sync (a later issue) reads it; today it is shown in the title.
 */
public final class ServerConfig {
    private static final Logger LOG = Logger.getLogger(ServerConfig.class.getName());

    private ServerConfig() {
    }

    public static Optional<String> presetServerUrl() {
        String explicit = System.getProperty("rowan.server.url");
        if (explicit != null && !explicit.isBlank()) return Optional.of(explicit.strip());
        try {
            Path jar = Path.of(ServerConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path file = (Files.isDirectory(jar) ? jar : jar.getParent()).resolve("rowan.properties");
            if (!Files.exists(file)) return Optional.empty();
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            String url = p.getProperty("server.url", "").strip();
            return url.isEmpty() ? Optional.empty() : Optional.of(url);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot read rowan.properties", e);
            return Optional.empty();
        }
    }
}
