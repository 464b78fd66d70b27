package dev.rowan.desktop.workspace;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where the workspace lives: {@code -Drowan.workspace} or {@code ROWAN_WORKSPACE} when set, otherwise the per-OS
 * application-data folder (XDG data home on Linux, Application Support on macOS, APPDATA on Windows).
 */
public final class WorkspaceLocation {
    private WorkspaceLocation() {
    }

    public static Path resolve() {
        return resolve(System.getProperties(), System.getenv());
    }

    static Path resolve(Properties props, Map<String, String> env) {
        String explicit = props.getProperty("rowan.workspace");
        if (explicit == null || explicit.isBlank()) explicit = env.get("ROWAN_WORKSPACE");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit).toAbsolutePath();
        String home = props.getProperty("user.home", ".");
        String os = props.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = env.get("APPDATA");
            return Path.of(appData != null ? appData : home, "Rowan", "workspace");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "Rowan", "workspace");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return Path.of(xdg != null && !xdg.isBlank() ? xdg : home + "/.local/share", "rowan", "workspace");
    }
}
