package dev.rowan.desktop.workspace;

import dev.rowan.model.sql.Cursor;
import org.jspecify.annotations.Nullable;

import java.util.List;

/** A page of rows and the cursor after its last row ({@code null} at the end). */
public record Page(List<Row> rows, @Nullable Cursor next) {
    public Page {
        rows = List.copyOf(rows);
    }
}
