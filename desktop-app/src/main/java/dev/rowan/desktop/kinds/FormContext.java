package dev.rowan.desktop.kinds;

import org.jspecify.annotations.Nullable;

import java.util.UUID;

/**
 * Where a form editor sits: the table of the record (null when none is open), what it may do with files, and for a
 * link field of a stored record its links (null otherwise: a new record links once it is saved).
 */
public record FormContext(@Nullable UUID tableId, FileActions files, @Nullable FieldLinks links) {
    public static final FormContext NONE = new FormContext(null, FileActions.NONE);

    public FormContext(@Nullable UUID tableId, FileActions files) {
        this(tableId, files, null);
    }
}
