@NullMarked
package dev.rowan.model.query;

import org.jspecify.annotations.NullMarked;
