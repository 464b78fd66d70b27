package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.SelectOption;

import java.util.List;

/** What a grid cell draws for a value; the grid turns it into nodes in one place ({@code GridCell}). */
public sealed interface CellLook {
    /** Plain text (formatted the way the kind reads). */
    record Text(String text) implements CellLook {
    }

    /**
     * Coloured chips, one per chosen option, in the order of the value; for attachments {@code files} holds the file
     * of each chip (same order), whose thumbnail the grid shows on the chip (empty for other kinds).
     */
    record Chips(List<SelectOption> options, List<dev.rowan.model.value.FileRef> files) implements CellLook {
        public Chips {
            options = List.copyOf(options);
            files = List.copyOf(files);
        }

        public Chips(List<SelectOption> options) {
            this(options, List.of());
        }
    }

    /** A check box, ticked or not. */
    record Check(boolean checked) implements CellLook {
    }

    /** Where a cell's content sits (the grid maps it to its stylesheet's alignment classes). */
    enum Align {
        START, END, CENTER
    }
}
