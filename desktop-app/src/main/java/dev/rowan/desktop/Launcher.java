package dev.rowan.desktop;

/**
 * Entry point for a plain class path (jar, jpackage image): JavaFX refuses to start an {@code Application}
 * subclass as main class unless its modules are on the module path, so this class starts it instead.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        RowanApplication.main(args);
    }
}
