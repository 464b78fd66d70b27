package dev.rowan.model.formula;

/**
 * The value of a cell whose formula failed for this record (division by zero, a bad date, text too long): the
 * reason is for the user. In SQL an error is NULL (see the package note).
 */
public record ErrorValue(String reason) {
}
