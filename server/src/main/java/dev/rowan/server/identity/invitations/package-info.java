/**
 * Invitations (issue 13): an owner or admin invites an email with a role; the mail carries a single-use link token
 * and a short code (both stored only as SHA-256), valid for a while, resendable (which replaces both) and
 * cancellable. Accepting creates the account or links an existing one and makes the membership.
 */
@NullMarked
package dev.rowan.server.identity.invitations;

import org.jspecify.annotations.NullMarked;
