/** The JavaFX desktop client; screens arrive with issue #3. */
@NullMarked
package dev.rowan.desktop;

import org.jspecify.annotations.NullMarked;
