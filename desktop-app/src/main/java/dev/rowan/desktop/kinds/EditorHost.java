package dev.rowan.desktop.kinds;

import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;

/**
 * What a {@link GridEditor} may ask of the grid that opened it: the one place its commits go. The grid binds a host
 * to one record (by id) and one field for the life of one editing session.
 */
public interface EditorHost {
    /** Whether this editor is still the grid's open one (keys reaching a closed editor are ignored). */
    boolean isOpen(GridEditor editor);

    /** Saves what the editor holds and moves the cursor by rows and columns (0, 0 stays). */
    void save(int dRow, int dCol);

    /** Closes the editor without saving. */
    void cancel();

    /** Stores typed text through the shared rules (a refusal marks the cell with the text and why). */
    void commitText(String text);

    /** Stores a value the editor already holds in its typed form (a picked date, chosen option ids). */
    void setValue(@Nullable Object value);

    /** The record's stored value of the field when the editor opened (null for none or a new record). */
    @Nullable Object value();

    /** The preferred date pattern, read when needed (the preference may change). */
    DateTimeFormatter dates();

    /** The cell's links when it is a link cell of a stored record the grid can pick for; empty otherwise. */
    default java.util.Optional<FieldLinks> links() {
        return java.util.Optional.empty();
    }
}
