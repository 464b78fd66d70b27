/**
 * The kanban view kind: {@link dev.rowan.desktop.views.kanban.KanbanViewModel} (columns by a single-select field,
 * each paging its cards from the record source; moves, new cards and new columns through the workspace) and
 * {@link dev.rowan.desktop.views.kanban.KanbanView} (its nodes), hosted by
 * {@link dev.rowan.desktop.views.kanban.KanbanViewType}.
 */
@NullMarked
package dev.rowan.desktop.views.kanban;

import org.jspecify.annotations.NullMarked;
