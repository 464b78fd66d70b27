@NullMarked
package dev.rowan.model.value;

import org.jspecify.annotations.NullMarked;
