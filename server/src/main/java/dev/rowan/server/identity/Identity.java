package dev.rowan.server.identity;

import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.BearerKeys;
import dev.rowan.server.auth.LoginSteps;
import dev.rowan.server.config.SecuritySettings;
import dev.rowan.server.db.Tx;
import dev.rowan.server.identity.companies.CompaniesService;
import dev.rowan.server.identity.companies.CompanyRepository;
import dev.rowan.server.identity.companies.PolicyRepository;
import dev.rowan.server.identity.keys.ApiKeyRepository;
import dev.rowan.server.identity.keys.ApiKeys;
import dev.rowan.server.identity.keys.ApiKeysService;
import dev.rowan.server.identity.mfa.MfaRepository;
import dev.rowan.server.identity.mfa.MfaService;
import dev.rowan.server.identity.mfa.SecondFactor;
import dev.rowan.server.identity.sessions.SessionIssuer;
import dev.rowan.server.identity.sessions.SessionRepository;
import dev.rowan.server.identity.sessions.SessionTerms;
import dev.rowan.server.identity.sessions.SessionsService;
import dev.rowan.server.journal.Journal;
import io.helidon.dbclient.DbClient;
import io.helidon.webserver.http.HttpService;

import java.util.function.Consumer;

/**
 * Wires the identity features for the composition root: what sign-in calls ({@link #loginSteps()}), what the auth
 * filter asks about non-session bearer tokens ({@link #bearerKeys()}), and the HTTP services (under {@code /api}).
 */
public final class Identity {
    private final SecondFactor secondFactor;
    private final ApiKeys apiKeys;
    private final HttpService[] services;

    /**
     * @param onRevoke told every session ended outside sign-out (its live sockets close at once)
     * @param guard    the account rules around a sign-in ({@link Accounts#loginGuard()}), which SSO sign-ins pass too
     * @param secrets  seals the TOTP and SSO client secrets in the database
     */
    public Identity(DbClient db, Tx tx, AccountRepository accounts, Journal journal, SecuritySettings security,
                    Consumer<byte[]> onRevoke, dev.rowan.server.auth.LoginGuard guard,
                    dev.rowan.server.identity.secrets.SecretBox secrets) {
        var policies = new PolicyRepository();
        var sessions = new SessionRepository();
        var terms = new SessionTerms(policies, sessions, tx, security.sessionIdle(), security.sessionLifetime(),
                onRevoke);
        var issuer = new SessionIssuer(accounts, sessions, terms, tx);
        var mfa = new MfaRepository(secrets);
        this.secondFactor = new SecondFactor(mfa, policies, terms, tx, journal,
                () -> System.currentTimeMillis() / 1000);
        var keys = new ApiKeyRepository(db);
        this.apiKeys = new ApiKeys(keys, tx);
        this.services = new HttpService[]{
                new MfaService(mfa, secondFactor, sessions, issuer, tx, journal),
                new SessionsService(sessions, terms, tx, journal),
                new ApiKeysService(keys, apiKeys, tx, journal, onRevoke),
                new CompaniesService(new CompanyRepository(), policies, accounts, sessions, terms, issuer, mfa, tx,
                        journal),
                new dev.rowan.server.identity.sso.SsoService(new dev.rowan.server.identity.sso.SsoRepository(secrets),
                        policies, accounts, issuer, tx, journal, guard)};
    }

    public LoginSteps loginSteps() {
        return secondFactor;
    }

    public BearerKeys bearerKeys() {
        return apiKeys;
    }

    /** Registered under {@code /api}. */
    public HttpService[] services() {
        return services.clone();
    }
}
