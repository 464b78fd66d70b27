/**
 * Outgoing mail: invitations, email verification and password-reset links, over SMTP with Jakarta Mail (Eclipse
 * Angus), or written to the log when no SMTP server is configured. Sending happens off the request thread, so
 * whether a mail went out (say, to a known email) never shows in an answer's timing.
 */
@NullMarked
package dev.rowan.server.identity.mail;

import org.jspecify.annotations.NullMarked;
