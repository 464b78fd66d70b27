package dev.rowan.server.auth;

import dev.rowan.server.config.Settings;
import dev.rowan.server.db.Tx;
import dev.rowan.server.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Map;

/** First start: the owner account and the first company, from settings or with a generated password. */
public final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private Bootstrap() {
    }

    public static void ensureOwner(Settings settings, AccountRepository accounts, Tx tx, Journal journal) {
        if (accounts.anyUser()) return;
        String password = settings.adminPassword();
        boolean generated = password == null;
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
