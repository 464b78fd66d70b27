package dev.rowan.desktop.views;

import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.workspace.RecordSource;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;

/**
 * What a view kind's ViewModel is made from: the table definitions, a record source (pages, counts, date ranges),
 * an editor with undo, the view store its settings are read from and saved to, and the background worker.
 */
public record ViewContext(SchemaStore schema, RecordSource records, RecordEditor editor, ViewStore views,
                          TaskExecutor executor) {
}
