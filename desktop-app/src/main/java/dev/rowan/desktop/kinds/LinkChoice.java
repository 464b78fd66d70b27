package dev.rowan.desktop.kinds;

import java.util.UUID;

/** A record of a linked table as the picker and the form show it: its id and its title ("" when it has none). */
public record LinkChoice(UUID id, String title) {
    /** The title to show: "Unnamed record" for a record without one. */
    public String shown() {
        return title.isBlank() ? "Unnamed record" : title;
    }
}
