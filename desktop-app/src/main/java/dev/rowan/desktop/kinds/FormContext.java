package dev.rowan.desktop.kinds;

import org.jspecify.annotations.Nullable;

import java.util.UUID;

/** Where a form editor sits: the table of the record (null when none is open) and what it may do with files. */
public record FormContext(@Nullable UUID tableId, FileActions files) {
    public static final FormContext NONE = new FormContext(null, FileActions.NONE);
}
