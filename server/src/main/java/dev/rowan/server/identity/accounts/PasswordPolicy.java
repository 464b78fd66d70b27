package dev.rowan.server.identity.accounts;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule every new password passes (registration, reset, change, accepting an invitation): at least
 * {@code minLength} characters (at most {@link #MAX_LENGTH}), not the account's email or its name part, and not in the
 * list of common passwords shipped with the server ({@code common-passwords.txt}, compared ignoring case).
 */
public final class PasswordPolicy {
    public static final int MAX_LENGTH = dev.rowan.model.identity.SecurityBounds.PASSWORD_MAX_LENGTH;
    private static final Set<String> COMMON = load();

    private final int minLength;

    public PasswordPolicy(int minLength) {
        this.minLength = minLength;
    }

    public int minLength() {
        return minLength;
    }

    /** Why the password is refused, if it is. */
    public Optional<String> problem(String password, String email) {
        int length = password.codePointCount(0, password.length());
        if (length < minLength) return Optional.of("the password must have at least " + minLength + " characters");
        if (password.length() > MAX_LENGTH) {
            return Optional.of("the password must have at most " + MAX_LENGTH + " characters");
        }
        String lower = password.strip().toLowerCase(Locale.ROOT);
        String mail = email.strip().toLowerCase(Locale.ROOT);
        int at = mail.indexOf('@');
        if (lower.equals(mail) || at > 0 && lower.equals(mail.substring(0, at))) {
            return Optional.of("the password must not be the email address");
        }
        if (COMMON.contains(lower)) return Optional.of("this password is too common; choose another");
        return Optional.empty();
    }

    /** Throws 422 with the reason on {@code field} if the password is refused. */
    public void check(String field, String password, String email) {
        problem(password, email).ifPresent(p -> {
            throw RowanException.invalid("Choose another password: " + p, java.util.List.of(new FieldError(field, p)));
        });
    }

    private static Set<String> load() {
        Set<String> out = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) throw new IllegalStateException("common-passwords.txt is missing from the server");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) out.add(s.toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
