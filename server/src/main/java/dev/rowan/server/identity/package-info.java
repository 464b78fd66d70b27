/**
 * Identity beyond a password sign-in (issue 13), wired for the composition root by two classes:
 * <ul>
 *   <li>{@link dev.rowan.server.identity.Accounts}: {@code accounts} (registration, verification, reset, password
 *   policy, lockout, profile, status, login history), {@code invitations}, {@code mail} and the {@code pages} the
 *   mailed links open;</li>
 *   <li>{@link dev.rowan.server.identity.Identity}: {@code mfa} (TOTP second factor, backup codes, the sign-in's
 *   second step), {@code sessions} (listing and revoking sessions, the company's session policy), {@code keys} (API
 *   keys as bearer credentials) and {@code companies} (creating, switching, members' roles, ownership, the company's
 *   security policy).</li>
 * </ul>
 * Depends on {@code auth}; {@code auth} knows it only through the {@link dev.rowan.server.auth.LoginGuard} (before and
 * after the password check), {@link dev.rowan.server.auth.LoginSteps} (between a right password and a session) and
 * {@link dev.rowan.server.auth.BearerKeys} interfaces.
 */
@NullMarked
package dev.rowan.server.identity;

import org.jspecify.annotations.NullMarked;
