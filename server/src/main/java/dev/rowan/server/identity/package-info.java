/**
 * Identity beyond sign-in (issue 13): {@code accounts} (registration, verification, reset, password policy, lockout,
 * profile, status, login history), {@code invitations}, {@code mail}. {@link dev.rowan.server.identity.Identity}
 * builds it from the settings for the composition root.
 */
@NullMarked
package dev.rowan.server.identity;

import org.jspecify.annotations.NullMarked;
