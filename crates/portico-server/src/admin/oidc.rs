//! The OpenID Connect relying party behind single sign-on: discovery (kept
//! for a while, fetched again when it is old or a token fails to verify),
//! the authorization request with PKCE, state and nonce, the code exchange
//! and the ID token's checks (signature, issuer, audience, expiry, nonce)
//! — all `openidconnect`'s. What this module adds: which role a token's
//! claim maps to.

use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreResponseType,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthenticationFlow, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, StandardErrorResponse, StandardTokenResponse,
};
use portico_auth::Role;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio::sync::Mutex;

/// Single sign-on, as configured (`serve --sso-issuer …`).
#[derive(Clone, Debug, Default)]
pub struct SsoConfig {
    /// The provider's issuer URL (its discovery document is under it).
    pub issuer: String,
    /// This site's client id at the provider.
    pub client_id: String,
    /// The client secret (none: a public client, PKCE alone).
    pub client_secret: Option<String>,
    /// What the sign-in button calls the provider ("Halcyon staff
    /// sign-in").
    pub name: String,
    /// The claim that carries the person's groups or roles (`groups`);
    /// none: roles are left to the administrators.
    pub role_claim: Option<String>,
    /// Which claim value grants which role (`admin` ← `portico-admins`).
    pub roles: Vec<(Role, String)>,
}

impl SsoConfig {
    /// Whether the provider decides roles: a claim and at least one value.
    pub fn maps_roles(&self) -> bool {
        self.role_claim.is_some() && !self.roles.is_empty()
    }

    /// The role the claims grant: the highest of the roles whose value
    /// the claim holds (a string, or a list of strings). `None`: no role.
    pub fn role_for(&self, claims: &Map<String, Value>) -> Option<Role> {
        let held = claims.get(self.role_claim.as_deref()?)?;
        let holds = |want: &str| match held {
            Value::String(s) => s == want,
            Value::Array(items) => items.iter().any(|v| v.as_str() == Some(want)),
            _ => false,
        };
        self.roles
            .iter()
            .filter(|(_, value)| holds(value))
            .map(|(role, _)| *role)
            .max()
    }
}

/// Every claim of the ID token, for the role claim (whatever its name).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub(crate) struct AllClaims {
    #[serde(flatten)]
    pub all: Map<String, Value>,
}

impl AdditionalClaims for AllClaims {}

type TokenFields = IdTokenFields<
    AllClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type TokenResponse = StandardTokenResponse<TokenFields, CoreTokenType>;
type SsoClient = Client<
    AllClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// How long a discovery document is used before it is fetched again.
const DISCOVERY_TTL: Duration = Duration::from_secs(600);

/// How long the provider may take to answer one request.
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);

/// What waits between the two halves of a sign-in (kept in the store's
/// `ceremony` table, used once).
#[derive(Debug, Deserialize, Serialize)]
pub(crate) struct Pending {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    pub redirect: String,
}

/// The person the provider vouches for.
#[derive(Debug)]
pub(crate) struct Verified {
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: String,
    pub claims: Map<String, Value>,
}

/// Why the provider's answer was not accepted.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SsoError {
    #[error("the provider cannot be reached or described itself wrongly: {0}")]
    Discovery(String),
    #[error("the provider refused the code: {0}")]
    Code(String),
    #[error("the ID token is missing or did not verify: {0}")]
    Token(String),
}

/// The configured provider, its discovery document kept for a while.
pub(crate) struct Provider {
    pub config: SsoConfig,
    http: reqwest::Client,
    discovered: Mutex<Option<(Instant, Arc<CoreProviderMetadata>)>>,
}

impl Provider {
    pub fn new(config: SsoConfig) -> Option<Provider> {
        let http = reqwest::ClientBuilder::new()
            // Following a redirect would let the provider's answers send
            // this server anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(HTTP_TIMEOUT)
            .build()
            .ok()?;
        Some(Provider {
            config,
            http,
            discovered: Mutex::new(None),
        })
    }

    /// The origins the sign-in form's answer may lead to (the Content
    /// Security Policy's `form-action` governs a form's redirects too): the
    /// issuer's and, once discovered, the authorization endpoint's.
    pub fn form_targets(&self) -> Vec<String> {
        let mut urls = vec![self.config.issuer.clone()];
        if let Ok(kept) = self.discovered.try_lock()
            && let Some((_, m)) = kept.as_ref()
        {
            urls.push(m.authorization_endpoint().as_str().to_string());
        }
        let mut origins: Vec<String> = urls
            .iter()
            .filter_map(|u| reqwest::Url::parse(u).ok())
            .map(|u| u.origin().ascii_serialization())
            .filter(|o| o != "null")
            .collect();
        origins.dedup();
        origins
    }

    async fn metadata(&self, fresh: bool) -> Result<Arc<CoreProviderMetadata>, SsoError> {
        let mut kept = self.discovered.lock().await;
        if let Some((at, m)) = kept.as_ref()
            && !fresh
            && at.elapsed() < DISCOVERY_TTL
        {
            return Ok(m.clone());
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone()).map_err(|e| SsoError::Discovery(e.to_string()))?;
        let m = Arc::new(
            CoreProviderMetadata::discover_async(issuer, &self.http)
                .await
                .map_err(|e| SsoError::Discovery(error_chain(&e)))?,
        );
        *kept = Some((Instant::now(), m.clone()));
        Ok(m)
    }

    fn client(&self, metadata: &CoreProviderMetadata, redirect: &str) -> Result<SsoClient, SsoError> {
        let redirect = RedirectUrl::new(redirect.to_string()).map_err(|e| SsoError::Discovery(e.to_string()))?;
        Ok(SsoClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.config.client_id.clone()),
            self.config.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect))
    }

    /// The provider's authorization URL for a new sign-in, and what its
    /// answer will be checked against.
    pub async fn begin(&self, redirect: &str) -> Result<(String, Pending), SsoError> {
        let metadata = self.metadata(false).await?;
        let client = self.client(&metadata, redirect)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".to_string()))
            .add_scope(Scope::new("profile".to_string()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
            redirect: redirect.to_string(),
        };
        Ok((url.to_string(), pending))
    }

    /// Exchanges `code` (PKCE) and verifies the ID token it brings.
    pub async fn finish(&self, pending: &Pending, code: &str) -> Result<Verified, SsoError> {
        let metadata = self.metadata(false).await?;
        let client = self.client(&metadata, &pending.redirect)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| SsoError::Code(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| SsoError::Code(error_chain(&e)))?;
        let token = response
            .extra_fields()
            .id_token()
            .ok_or_else(|| SsoError::Token("no ID token".into()))?;
        let nonce = Nonce::new(pending.nonce.clone());
        let claims = match token.claims(&client.id_token_verifier(), &nonce) {
            Ok(c) => c.clone(),
            Err(first) => {
                // The provider may have rotated its keys since discovery.
                let metadata = self.metadata(true).await?;
                let client = self.client(&metadata, &pending.redirect)?;
                token
                    .claims(&client.id_token_verifier(), &nonce)
                    .map_err(|_| SsoError::Token(first.to_string()))?
                    .clone()
            }
        };
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_string())
            .unwrap_or_default();
        Ok(Verified {
            email: claims.email().map(|e| e.as_str().to_string()),
            email_verified: claims.email_verified() == Some(true),
            name,
            claims: claims.additional_claims().all.clone(),
        })
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn the_highest_role_whose_value_the_claim_holds() {
        let config = SsoConfig {
            role_claim: Some("groups".into()),
            roles: vec![
                (Role::Editor, "web-editors".into()),
                (Role::Admin, "web-admins".into()),
                (Role::Viewer, "staff".into()),
            ],
            ..SsoConfig::default()
        };
        assert!(config.maps_roles());
        let cases = [
            (json!({ "groups": ["staff"] }), Some(Role::Viewer)),
            (json!({ "groups": ["staff", "web-editors"] }), Some(Role::Editor)),
            (json!({ "groups": ["web-admins", "staff"] }), Some(Role::Admin)),
            (json!({ "groups": "web-editors" }), Some(Role::Editor)),
            (json!({ "groups": ["Web-Editors"] }), None),
            (json!({ "groups": [] }), None),
            (json!({ "groups": [["web-admins"]] }), None),
            (json!({ "groups": 3 }), None),
            (json!({ "roles": ["web-admins"] }), None),
            (json!({}), None),
        ];
        for (given, want) in cases {
            assert_eq!(config.role_for(&claims(given.clone())), want, "{given}");
        }
    }

    #[test]
    fn without_a_claim_roles_are_the_administrators() {
        let config = SsoConfig {
            roles: vec![(Role::Admin, "web-admins".into())],
            ..SsoConfig::default()
        };
        assert!(!config.maps_roles());
        assert_eq!(config.role_for(&claims(json!({ "groups": ["web-admins"] }))), None);
    }
}
