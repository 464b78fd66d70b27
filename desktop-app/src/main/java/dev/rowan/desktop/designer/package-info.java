/** The table designer: fields, types, settings, type changes with preview. */
@NullMarked
package dev.rowan.desktop.designer;

import org.jspecify.annotations.NullMarked;
