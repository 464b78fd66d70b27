package dev.rowan.desktop.prefs;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/** User preferences, kept in {@code preferences.properties} beside the workspace database. */
public record Preferences(Theme theme, Density density, String datePattern) {
    private static final Logger LOG = Logger.getLogger(Preferences.class.getName());
    public static final List<String> DATE_PATTERNS = List.of("yyyy-MM-dd", "dd.MM.yyyy", "MM/dd/yyyy", "d MMM yyyy");
    public static final Preferences DEFAULTS = new Preferences(Theme.LIGHT, Density.NORMAL, "yyyy-MM-dd");

    /** The stored name is the enum's; people see {@link #label()}. */
    public enum Theme {
        LIGHT("Light"), DARK("Dark");

        private final String label;

        Theme(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The stored name is the enum's; people see {@link #label()}. */
    public enum Density {
        COMPACT("Compact"), NORMAL("Normal");

        private final String label;

        Density(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Preferences {
        DateTimeFormatter.ofPattern(datePattern);
    }

    public DateTimeFormatter dateFormatter() {
        return DateTimeFormatter.ofPattern(datePattern);
    }

    public static Preferences load(Path folder) {
        Path file = folder.resolve("preferences.properties");
        if (!Files.exists(file)) return DEFAULTS;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
            return new Preferences(Theme.valueOf(p.getProperty("theme", "LIGHT")),
                    Density.valueOf(p.getProperty("density", "NORMAL")), p.getProperty("datePattern", "yyyy-MM-dd"));
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "Ignoring unreadable preferences in " + file, e);
            return DEFAULTS;
        }
    }

    public void save(Path folder) {
        Properties p = new Properties();
        p.setProperty("theme", theme.name());
        p.setProperty("density", density.name());
        p.setProperty("datePattern", datePattern);
        try (Writer w = Files.newBufferedWriter(folder.resolve("preferences.properties"))) {
            p.store(w, "Rowan preferences");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot save preferences", e);
        }
    }
}
