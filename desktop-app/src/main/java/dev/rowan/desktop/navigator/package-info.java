/** The tree of apps, folders and tables. */
@NullMarked
package dev.rowan.desktop.navigator;

import org.jspecify.annotations.NullMarked;
