@NullMarked
package dev.rowan.server.identity.sessions;

import org.jspecify.annotations.NullMarked;
