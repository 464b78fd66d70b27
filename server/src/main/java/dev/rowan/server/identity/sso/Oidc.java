package dev.rowan.server.identity.sso;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.rowan.model.error.RowanException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenID Connect client, all of it from Nimbus' oauth2-oidc-sdk: discovery, the authorization URL (code flow,
 * PKCE S256, state, nonce), the code exchange, and the ID token checks (signature against the provider's JWKS, iss,
 * aud, exp, iat, nonce). Providers' metadata is kept a few minutes per issuer.
 */
final class Oidc {
    private static final Logger LOG = LoggerFactory.getLogger(Oidc.class);
    private static final int TIMEOUT_MS = 5_000;
    private static final Duration METADATA_TTL = Duration.ofMinutes(10);

    private record Cached(OIDCProviderMetadata metadata, Instant until) {
    }

    private final Map<String, Cached> metadata = new ConcurrentHashMap<>();
    private final Map<String, IDTokenValidator> validators = new ConcurrentHashMap<>();

    /** A verified sign-in: the subject and the email the provider vouches for (empty when it did not verify one). */
    record Identity(String subject, String email, boolean emailVerified, String name) {
    }

    OIDCProviderMetadata discover(String issuer) {
        Cached c = metadata.get(issuer);
        if (c != null && c.until().isAfter(Instant.now())) return c.metadata();
        try {
            OIDCProviderMetadata m = OIDCProviderMetadata.resolve(new Issuer(issuer), TIMEOUT_MS, TIMEOUT_MS);
            metadata.put(issuer, new Cached(m, Instant.now().plus(METADATA_TTL)));
            return m;
        } catch (Exception e) {
            LOG.warn("OpenID discovery of {} failed: {}", issuer, e.toString());
            throw new dev.rowan.model.error.Unavailable(dev.rowan.model.error.Unavailable.Reason.UNAVAILABLE, "The company's identity provider cannot be reached; try again later "
                    + "or ask an admin to check its issuer", java.util.List.of(), Map.of());
        }
    }

    URI authorizationUrl(String issuer, String clientId, URI redirect, String state, String nonce, String verifier) {
        OIDCProviderMetadata m = discover(issuer);
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "email", "profile"),
                new ClientID(clientId), redirect)
                .endpointURI(m.getAuthorizationEndpointURI())
                .state(new State(state))
                .nonce(new Nonce(nonce))
                .codeChallenge(new CodeVerifier(verifier), CodeChallengeMethod.S256)
                .build().toURI();
    }

    /** Exchanges the code and verifies the ID token; any failure is a 401 whose detail goes to the log only. */
    Identity finish(SsoRepository.Config cfg, SsoRepository.Pending p, String code) {
        OIDCProviderMetadata m = discover(cfg.issuer());
        JWT idToken;
        try {
            HTTPRequest http = new TokenRequest(m.getTokenEndpointURI(),
                    new ClientSecretBasic(new ClientID(cfg.clientId()), new Secret(cfg.clientSecret())),
                    new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(p.redirectUri()),
                            new CodeVerifier(p.codeVerifier()))).toHTTPRequest();
            http.setConnectTimeout(TIMEOUT_MS);
            http.setReadTimeout(TIMEOUT_MS);
            TokenResponse r = OIDCTokenResponseParser.parse(http.send());
            if (!r.indicatesSuccess()) {
                LOG.info("The provider {} refused a code: {}", cfg.issuer(),
                        r.toErrorResponse().getErrorObject().getCode());
                throw RowanException.unauthorized("The identity provider refused the sign-in; start it again");
            }
            idToken = ((OIDCTokenResponse) r.toSuccessResponse()).getOIDCTokens().getIDToken();
        } catch (RowanException e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("Code exchange with {} failed: {}", cfg.issuer(), e.toString());
            throw RowanException.unauthorized("The identity provider's answer could not be used; start the sign-in "
                    + "again");
        }
        IDTokenClaimsSet claims;
        try {
            claims = validator(cfg, m).validate(idToken, new Nonce(p.nonce()));
        } catch (Exception e) {
            LOG.warn("An ID token from {} failed verification: {}", cfg.issuer(), e.toString());
            throw RowanException.unauthorized("The identity provider's token could not be verified for this company; "
                    + "ask an admin to check its single sign-on settings");
        }
        Object email = claims.getClaim("email");
        Object verified = claims.getClaim("email_verified");
        Object name = claims.getClaim("name");
        return new Identity(claims.getSubject().getValue(), email instanceof String s ? s : "",
                Boolean.TRUE.equals(verified) || "true".equals(verified), name instanceof String n ? n : "");
    }

    private IDTokenValidator validator(SsoRepository.Config cfg, OIDCProviderMetadata m) throws Exception {
        String key = cfg.issuer() + "\n" + cfg.clientId();
        IDTokenValidator v = validators.get(key);
        if (v != null) return v;
        // iss is the configured issuer (discovery already required the metadata to name it), aud the client id
        v = new IDTokenValidator(new Issuer(cfg.issuer()), new ClientID(cfg.clientId()), JWSAlgorithm.RS256,
                m.getJWKSetURI().toURL(), new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, 512 * 1024));
        validators.put(key, v);
        return v;
    }
}
