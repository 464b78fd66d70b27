/**
 * The timeline (Gantt) view kind: bars from a start to an end date field on a time axis (day, week, month, quarter
 * zoom), in lanes by a field, with a today line; bars are dragged to move and resized by their edges (one undoable
 * edit), and records without a start are listed aside to be dropped onto the axis. Plain JavaFX nodes.
 */
@NullMarked
package dev.rowan.desktop.views.timeline;

import org.jspecify.annotations.NullMarked;
