package dev.rowan.desktop.kinds;

/**
 * What a filter condition's value is picked with for a kind; the filter bar widens it by operator (a range for
 * "between", several options for "is any of").
 */
public enum FilterInput {
    TEXT, NUMBER, DATE, BOOLEAN, OPTION
}
