@NullMarked
package dev.rowan.model.sql;

import org.jspecify.annotations.NullMarked;
