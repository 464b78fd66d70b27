/** User preferences: theme, density, date format. */
@NullMarked
package dev.rowan.desktop.prefs;

import org.jspecify.annotations.NullMarked;
