/** Cross-cutting desktop plumbing: background tasks, dialogs, styling constants. */
@NullMarked
package dev.rowan.desktop.core;

import org.jspecify.annotations.NullMarked;
