@NullMarked
package dev.rowan.server.identity.mfa;

import org.jspecify.annotations.NullMarked;
