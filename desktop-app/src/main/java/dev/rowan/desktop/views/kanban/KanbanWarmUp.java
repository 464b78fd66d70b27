package dev.rowan.desktop.views.kanban;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads, on a background thread of low priority, the classes the first board of a JVM needs (the board's own, the
 * controls' skins and behaviours, the CSS engine's parts: {@code first-open-classes.txt} beside this class) and
 * parses the board's stylesheet once, so the first board a person opens does not wait for ~900 classes to be read
 * from the jars on the FX thread. Started by the window when it shows (the navigator is what the person looks at
 * first). Classes are loaded, not initialised: initialising JavaFX classes off the FX thread could deadlock with
 * the FX thread initialising the other half of a helper/accessor pair, loading cannot.
 */
public final class KanbanWarmUp {
    static final String CLASSES = "first-open-classes.txt";
    private static final Logger LOG = Logger.getLogger(KanbanWarmUp.class.getName());
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private KanbanWarmUp() {
    }

    /** Starts the warm-up once per JVM (later calls do nothing). */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) return;
        Thread t = new Thread(KanbanWarmUp::run, "rowan-kanban-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Loads the listed classes and parses the board's stylesheet; returns how many classes were found. */
    static int run() {
        int loaded = 0;
        ClassLoader loader = KanbanWarmUp.class.getClassLoader();
        try (InputStream in = KanbanWarmUp.class.getResourceAsStream(CLASSES)) {
            if (in == null) return 0;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) continue;
                try {
                    Class.forName(name, false, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError gone) {
                    // renamed or removed since the list was made: it costs nothing to skip
                }
            }
            new javafx.css.CssParser().parse(KanbanWarmUp.class.getResource("kanban.css"));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "The board's warm-up stopped early; the first board loads what it needs itself", e);
        }
        return loaded;
    }
}
