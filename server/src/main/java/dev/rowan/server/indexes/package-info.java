/** Automatic indexes for the query shapes tables keep seeing, and fresh planner statistics after bulk work. */
@NullMarked
package dev.rowan.server.indexes;

import org.jspecify.annotations.NullMarked;
