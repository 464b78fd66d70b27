/**
 * OpenID Connect single sign-on per company: its provider settings ({@code /api/company/sso}), and the sign-in of a
 * native client through the system browser with PKCE and a loopback redirect (RFC 8252, {@code /api/auth/sso/*}).
 */
@NullMarked
package dev.rowan.server.identity.sso;

import org.jspecify.annotations.NullMarked;
