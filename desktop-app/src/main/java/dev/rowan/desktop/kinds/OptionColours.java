package dev.rowan.desktop.kinds;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A select option's own colour as an RGB colour ({@code #rrggbb}): the named colours of shared-model's
 * {@code SelectKinds.COLORS} (the same hues as the chips in {@code rowan.css}), or the option's own hex colour. Views
 * that paint with an option's colour (calendar entries, row tints) ask here, never by the option's position.
 */
public final class OptionColours {
    private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Map<String, String> NAMED = Map.of("gray", "#808080", "red", "#ef4444", "orange", "#f97316",
            "yellow", "#eab308", "green", "#22c55e", "teal", "#14b8a6", "blue", "#3b82f6", "purple", "#a855f7",
            "pink", "#ec4899", "brown", "#925e3a");

    private OptionColours() {
    }

    /** The colour as {@code #rrggbb} (lower case); empty for no colour or a name this version does not know. */
    public static Optional<String> rgb(String colour) {
        if (HEX.matcher(colour).matches()) return Optional.of(colour.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(NAMED.get(colour));
    }
}
