/** The main window: navigator, content area, status bar. */
@NullMarked
package dev.rowan.desktop.main;

import org.jspecify.annotations.NullMarked;
