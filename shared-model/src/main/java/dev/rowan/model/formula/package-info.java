/**
 * The formula language. See docs/formulas.md for every function.
 */
@NullMarked
package dev.rowan.model.formula;

import org.jspecify.annotations.NullMarked;
