/** The paged, virtualized record grid. */
@NullMarked
package dev.rowan.desktop.grid;

import org.jspecify.annotations.NullMarked;
