/** Screens for sync: the status indicator, the connect dialog and the conflicts screen. */
@NullMarked
package dev.rowan.desktop.syncui;

import org.jspecify.annotations.NullMarked;
