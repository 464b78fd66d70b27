@NullMarked
package dev.rowan.server;

import org.jspecify.annotations.NullMarked;
