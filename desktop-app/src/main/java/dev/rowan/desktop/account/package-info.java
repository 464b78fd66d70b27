/**
 * The account screen: the signed-in user's second factor (set-up with its QR code, backup codes), their sessions
 * (revoke one or all others) and API keys (create, shown once; revoke), over {@code sync.AccountApi}.
 */
@NullMarked
package dev.rowan.desktop.account;

import org.jspecify.annotations.NullMarked;
