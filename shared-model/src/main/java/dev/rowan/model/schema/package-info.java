@NullMarked
package dev.rowan.model.schema;

import org.jspecify.annotations.NullMarked;
