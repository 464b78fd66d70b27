/**
 * Accounts (issue 13): self-registration (off by default), email verification, password reset, the password policy,
 * changing one's password, lockout after repeated wrong passwords, profile (name, avatar, timezone, language),
 * account status (active, suspended, deactivated) and soft delete, login history. Sign-in itself stays in
 * {@code auth}; it calls {@link dev.rowan.server.identity.accounts.LoginPolicy} through {@code auth.LoginGuard}.
 */
@NullMarked
package dev.rowan.server.identity.accounts;

import org.jspecify.annotations.NullMarked;
