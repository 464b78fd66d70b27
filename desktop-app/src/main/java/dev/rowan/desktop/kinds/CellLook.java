package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.SelectOption;

import java.util.List;

/** What a grid cell draws for a value; the grid turns it into nodes in one place ({@code GridCell}). */
public sealed interface CellLook {
    /** Plain text (formatted the way the kind reads). */
    record Text(String text) implements CellLook {
    }

    /** Coloured chips, one per chosen option, in the order of the value. */
    record Chips(List<SelectOption> options) implements CellLook {
        public Chips {
            options = List.copyOf(options);
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
