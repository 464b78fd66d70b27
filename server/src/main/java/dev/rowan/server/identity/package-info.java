/**
 * Identity beyond a password sign-in (issue 13): {@code mfa} (TOTP second factor, backup codes, the sign-in's second
 * step), {@code sessions} (listing and revoking sessions, the company's session policy applied to each session),
 * {@code keys} (API keys as bearer credentials) and {@code companies} (creating, switching, members' roles,
 * ownership, and the company's security policy). Depends on {@code auth}; {@code auth} knows it only through the
 * {@link dev.rowan.server.auth.LoginSteps} and {@link dev.rowan.server.auth.BearerKeys} interfaces.
 */
@NullMarked
package dev.rowan.server.identity;

import org.jspecify.annotations.NullMarked;
