package dev.rowan.desktop.views.calendar;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;

/**
 * CalendarFX paints an entry by its calendar's style prefix ({@code style1-entry}, …): it ships seven fixed styles.
 * Rowan paints an entry in its select option's own colour, so each colour gets a prefix of its own
 * ({@code rowan-c-3b82f6}) and the rules CalendarFX's seven styles have, written for that colour into one generated
 * stylesheet (a {@code data:} URL, regenerated when a colour appears).
 */
final class EntryColours {
    /** The style of entries without a colour (CalendarFX's grey-blue seventh style). */
    static final String NONE = "style7";

    private EntryColours() {
    }

    /** The CalendarFX style prefix for {@code #rrggbb} (none: {@link #NONE}). */
    static String style(String rgb) {
        return rgb.isEmpty() ? NONE : "rowan-c-" + rgb.substring(1);
    }

    /** A stylesheet URL with the entry rules for every colour given (each {@code #rrggbb}). */
    static String stylesheet(Collection<String> rgbs) {
        StringBuilder css = new StringBuilder();
        for (String rgb : rgbs) {
            if (rgb.isEmpty()) continue;
            String p = "." + style(rgb);
            String c = rgb;
            css.append(p).append("-icon, ").append(p).append("-icon-small { -fx-fill: ").append(c)
                    .append("; -fx-stroke: ").append(c).append("; }\n");
            css.append(p).append("-entry { -fx-background-color: derive(").append(c)
                    .append(", 70%); -fx-border-color: ").append(c).append("; }\n");
            css.append(p).append("-entry:selected { -fx-background-color: ").append(c).append("; }\n");
            css.append(p).append("-entry-time-label, ").append(p).append("-entry-title-label { -fx-text-fill: derive(")
                    .append(c).append(", -30%); }\n");
            css.append(p).append("-entry-small:selected { -fx-background-color: ").append(c).append("; }\n");
            css.append(p).append("-entry-small-full-day { -fx-background-color: derive(").append(c).append(", 70%); }\n");
            css.append(p).append("-entry-small-title-label-full-day { -fx-text-fill: derive(").append(c)
                    .append(", -30%); }\n");
            css.append(p).append("-entry-small-full-day:selected { -fx-background-color: ").append(c).append("; }\n");
        }
        return "data:text/css;base64," + Base64.getEncoder().encodeToString(css.toString().getBytes(StandardCharsets.UTF_8));
    }
}
