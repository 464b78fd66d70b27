package dev.rowan.server.identity.mail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The mails the server sends, as plain text. Each carries one link to {@code publicUrl}; the invitation also carries
 * its short code, to type into the desktop's sign-in dialog. User-typed names are put in as text, never as markup.
 */
public final class Letters {
    private final String publicUrl;

    public Letters(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    private String link(String path, String token) {
        return publicUrl + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static String hours(Duration d) {
        long h = d.toHours();
        return h >= 48 ? d.toDays() + " days" : h >= 1 ? h + " hours" : d.toMinutes() + " minutes";
    }

    public Mail verify(String to, String token, Duration valid) {
        String link = link("/account/verify", token);
        return new Mail(to, "Confirm your email address for Rowan",
                "Please confirm that " + to + " is your email address by opening this link:\n\n" + link
                        + "\n\nThe link works once and for " + hours(valid) + ". If you did not ask for this, "
                        + "ignore this mail.\n", link);
    }

    public Mail register(String to, String token, Duration valid) {
        String link = link("/account/verify", token);
        return new Mail(to, "Finish signing up for Rowan",
                "To create your Rowan account for " + to + ", open this link:\n\n" + link
                        + "\n\nThe link works once and for " + hours(valid) + ". If you did not sign up, ignore this "
                        + "mail: no account is created without it.\n", link);
    }

    /** Someone tried to register an email that already has an account: its owner hears of it, nobody else. */
    public Mail alreadyRegistered(String to) {
        String link = publicUrl + "/account/reset";
        return new Mail(to, "You already have a Rowan account",
                "Someone (maybe you) tried to sign up for Rowan with " + to + ", which already has an account. "
                        + "If you forgot your password, you can reset it: " + link + "\n\nIf it was not you, "
                        + "ignore this mail; nothing was changed.\n", link);
    }

    public Mail reset(String to, String token, Duration valid) {
        String link = link("/account/reset", token);
        return new Mail(to, "Reset your Rowan password",
                "To choose a new password for " + to + ", open this link:\n\n" + link + "\n\nThe link works once and "
                        + "for " + hours(valid) + ". Setting a new password signs you out everywhere. If you did not "
                        + "ask for this, ignore this mail; your password stays as it is.\n", link);
    }

    public Mail invitation(String to, String companyName, String inviterName, String role, String token, String code,
                           Duration valid) {
        String link = link("/invite", token);
        return new Mail(to, "You are invited to " + oneLine(companyName) + " on Rowan",
                oneLine(inviterName) + " invites you to join " + oneLine(companyName) + " on Rowan as " + role
                        + ".\n\nAccept by opening this link:\n\n" + link + "\n\nor, in the Rowan app, choose \"Accept "
                        + "invitation\" and enter this code with your email address:\n\n    " + code
                        + "\n\nThe invitation works once and for " + hours(valid) + ".\n", link);
    }

    /** Names typed by users go into a subject line: no line breaks. */
    private static String oneLine(String s) {
        String t = s.replaceAll("[\\r\\n\\t\\p{Cntrl}]+", " ").strip();
        return t.length() > 120 ? t.substring(0, 120) + "…" : t;
    }
}
