/** The record form generated from a table's fields. */
@NullMarked
package dev.rowan.desktop.form;

import org.jspecify.annotations.NullMarked;
