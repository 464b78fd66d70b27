@NullMarked
package dev.rowan.model.json;

import org.jspecify.annotations.NullMarked;
