/** Field editors shared by screens that edit a record outside the grid (the form): one per kind that needs more than a text field. */
@NullMarked
package dev.rowan.desktop.editors;

import org.jspecify.annotations.NullMarked;
