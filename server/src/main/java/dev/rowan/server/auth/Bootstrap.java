package dev.rowan.server.auth;

import dev.rowan.server.config.Settings;
import dev.rowan.server.db.Tx;
import dev.rowan.server.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** First start: the owner account and the first company, from settings or with a generated password. */
public final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private Bootstrap() {
    }

    /**
     * Creates the owner when there is no user yet. A configured {@code ROWAN_ADMIN_PASSWORD} must pass the same
     * password policy as every other new password (identity.accounts.PasswordPolicy, passed in as
     * {@code passwordProblem(password, email)} so auth does not depend on identity): the server refuses to start
     * with a weak one rather than create an owner anyone can guess.
     */
    public static void ensureOwner(Settings settings,
                                   BiFunction<String, String, Optional<String>> passwordProblem,
                                   AccountRepository accounts, Tx tx, Journal journal) {
        if (accounts.anyUser()) return;
        String password = settings.adminPassword();
        boolean generated = password == null;
        if (!generated) {
            String refused = passwordProblem.apply(password, settings.adminEmail()).orElse(null);
            if (refused != null) {
                throw new IllegalStateException("ROWAN_ADMIN_PASSWORD is refused (" + refused
                        + "): set a stronger one, or unset it to have a password generated");
            }
        }
        if (generated) {
            password = generatePassword();
        }
        String hash = Passwords.hash(password);
        tx.inTransaction(c -> {
            var company = accounts.createCompany(c, settings.companyName());
            var user = accounts.createUser(c, settings.adminEmail(), hash, "Owner");
            accounts.addMember(c, company, user, "owner");
            journal.audit(c, company, user, null, null, "bootstrap", "company", company,
                    Map.of("email", settings.adminEmail()));
            return null;
        });
        if (generated) {
            // shown once: the hash is all that is stored
            LOG.warn("Created owner account {} with generated password: {}  (set ROWAN_ADMIN_PASSWORD to choose one)",
                    settings.adminEmail(), password);
        } else {
            LOG.info("Created owner account {}", settings.adminEmail());
        }
    }

    private static String generatePassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return sb.toString();
    }
}
