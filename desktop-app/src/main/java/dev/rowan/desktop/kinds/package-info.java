/**
 * The desktop side of field kinds: one UI descriptor per {@link dev.rowan.model.schema.FieldType} record (how a
 * grid cell shows a value, the grid editor it opens, the form editor, the designer's settings with their
 * ViewModel), listed in one registry, {@link dev.rowan.desktop.kinds.FieldUis}.
 */
@NullMarked
package dev.rowan.desktop.kinds;

import org.jspecify.annotations.NullMarked;
