/** Rowan's domain, shared by server and desktop: no GUI, no HTTP, no JDBC driver. */
@NullMarked
package dev.rowan.model;

import org.jspecify.annotations.NullMarked;
