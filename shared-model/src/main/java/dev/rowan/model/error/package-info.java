@NullMarked
package dev.rowan.model.error;

import org.jspecify.annotations.NullMarked;
