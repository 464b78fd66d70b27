package dev.rowan.server.identity.mail;

/** One plain-text message to one recipient. {@code link} is the action it carries (logged when there is no SMTP). */
public record Mail(String to, String subject, String text, String link) {
}
