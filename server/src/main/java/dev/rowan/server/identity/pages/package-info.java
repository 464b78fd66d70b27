/**
 * The pages the links in account mails open in a browser ({@code /account/verify}, {@code /account/reset},
 * {@code /invite}): plain HTML forms without scripts that post back to the same path and run the same operations
 * as the JSON routes (accounts.AccountHandler, invitations.InvitationHandler). Opening a link changes nothing (mail
 * scanners open links); only pressing the button does.
 */
@NullMarked
package dev.rowan.server.identity.pages;

import org.jspecify.annotations.NullMarked;
