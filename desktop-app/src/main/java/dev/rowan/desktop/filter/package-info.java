/** The grid's filter bar: a builder of nested AND/OR groups and the same filter as JSON, one state per view. */
@NullMarked
package dev.rowan.desktop.filter;

import org.jspecify.annotations.NullMarked;
