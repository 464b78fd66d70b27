/**
 * Secrets the server must read back (a second factor's TOTP secret, a company's SSO client secret), stored sealed with
 * AES-GCM under the server key ({@code ROWAN_SECRET_KEY}, or {@code secret.key} in the data directory made on first
 * start). {@link dev.rowan.server.identity.secrets.SecretBox} is the only way they are written and read.
 */
@NullMarked
package dev.rowan.server.identity.secrets;

import org.jspecify.annotations.NullMarked;
