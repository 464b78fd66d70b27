@NullMarked
package dev.rowan.server.identity.keys;

import org.jspecify.annotations.NullMarked;
