package dev.rowan.desktop.core;

/** Style-class names used by Rowan's own stylesheet, in one place. */
public final class Styles {
    public static final String STYLESHEET = "/dev/rowan/desktop/rowan.css";
    public static final String COMPACT = "compact";
    public static final String CHIP = "select-chip";
    public static final String ERROR = "error-text";
    public static final String MUTED = "muted-text";
    public static final String TOOLBAR = "rowan-toolbar";
    public static final String WELCOME = "welcome";
    public static final String PREVIEW = "type-preview";
    public static final String FILTER_BAR = "filter-bar";
    /** Cells and headers of the frozen columns (row number and first field), drawn over the scrolled ones. */
    public static final String FROZEN = "frozen-cell";

    private Styles() {
    }

    public static String chip(String color) {
        return "chip-" + (color.startsWith("#") ? "custom" : color);
    }
}
