package dev.rowan.model.identity;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The bounds of the password rules and of a company's security policy: the one copy the server validates with
 * ({@code PasswordPolicy}, {@code CompaniesService.parsePolicy}, {@code AccountSettings}) and the desktop's policy form
 * shows and checks before sending ({@code MembersViewModel}). Change a bound here and both follow.
 */
public final class SecurityBounds {

    /** An inclusive range of whole numbers. */
    public record Range(int min, int max) {
        public Range {
            if (min > max) throw new IllegalArgumentException("min > max");
        }

        public boolean contains(long v) {
            return v >= min && v <= max;
        }

        /** The range in a coarser unit ({@code per} of these make one of it), rounded inward. */
        public Range in(int per) {
            return new Range(Math.ceilDiv(min, per), Math.floorDiv(max, per));
        }

        /** "from 1 to 1,000". */
        public String describe() {
            return String.format(Locale.ROOT, "from %,d to %,d", min, max);
        }
    }

    /** The longest password accepted anywhere (hashing cost is bounded by it as well). */
    public static final int PASSWORD_MAX_LENGTH = 200;
    /** What {@code ROWAN_PASSWORD_MIN_LENGTH} may be set to, and its default. */
    public static final Range PASSWORD_MIN_LENGTH = new Range(8, PASSWORD_MAX_LENGTH);
    public static final int PASSWORD_MIN_LENGTH_DEFAULT = 10;

    /** A company's idle timeout: a session unused this long is over. */
    public static final Range SESSION_IDLE_SECONDS = new Range(60, 31_536_000);
    /** A company's absolute session lifetime. */
    public static final Range SESSION_MAX_SECONDS = new Range(300, 31_536_000);
    /** Live sessions one person may hold in a company. */
    public static final Range MAX_SESSIONS = new Range(1, 1000);
    /** Allowed email domains for invitations and single sign-on. */
    public static final int MAX_EMAIL_DOMAINS = 100;
    /** Who must sign in with a second factor. */
    public static final List<String> MFA_RULES = List.of("off", "admins", "everyone");
    /** An allowed email domain, lower case: {@code example.com}. */
    public static final Pattern EMAIL_DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private SecurityBounds() {
    }
}
