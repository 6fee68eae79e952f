//! The parts of a generated client module that are the same for every vendor, written once as
//! macros: the constructor and lookup of `Credentials`, and the `Client` around a
//! [`ClientCore`](crate::ClientCore). Generated modules invoke them with their own names, so the
//! items appear in the vendor's module and its documentation as if written there.

/// Implements `new` and [`CredentialSource`](crate::CredentialSource) for a vendor's
/// `Credentials` struct.
///
/// Fields before the `;` are issued up front and become `new`'s arguments, in order, each
/// after its kind: `secret` (taken as `impl Into<Secret>`), `text` (`impl Into<String>`) or
/// `number` (`i64`). Fields after the `;` are tokens an operation issues later and start as
/// `None`. Each field is followed by the credential's name in the spec, which is what security
/// schemes look it up by.
///
/// ```
/// # use commerce_apis_runtime as runtime;
/// # use runtime::CredentialSource;
/// #[derive(Debug, Clone)]
/// pub struct Credentials {
///     pub account: i64,
///     pub api_key: runtime::Secret,
///     pub token: Option<runtime::Secret>,
/// }
/// runtime::credentials!(Credentials(
///     number account = "accountId", "EXAMPLE_ACCOUNT",
///     secret api_key = "apiKey", "EXAMPLE_API_KEY";
///     token = "token", "EXAMPLE_TOKEN"
/// ));
///
/// let credentials = Credentials::new(7, "k");
/// assert_eq!(credentials.credential("accountId").as_deref(), Some("7"));
/// assert_eq!(credentials.credential("apiKey").as_deref(), Some("k"));
/// assert_eq!(credentials.credential("token"), None);
/// assert_eq!(credentials.credential("other"), None);
/// ```
#[macro_export]
macro_rules! credentials {
    ($name:ident($($kind:ident $issued:ident = $issued_wire:literal, $issued_env:literal),* $(; $($later:ident = $later_wire:literal, $later_env:literal),*)?)) => {
        impl $name {
            /// The credentials the vendor issues up front; tokens obtained later start empty.
            pub fn new($($issued: $crate::credential_argument!($kind)),*) -> Self {
                $name { $($issued: $issued.into(),)* $($($later: None,)*)? }
            }

            /// The credentials from environment variables: each issued credential from its
            /// variable, which must be set, and each token from its own when it is set.
            ///
            /// Variables:
            $(#[doc = concat!("- `", $issued_env, "`: `", $issued_wire, "`")])*
            $($(#[doc = concat!("- `", $later_env, "` (optional): `", $later_wire, "`")])*)?
            pub fn from_env() -> Result<Self, $crate::auth::EnvError> {
                Ok($name {
                    $($issued: $crate::auth::from_env::<$crate::credential_value!($kind)>($issued_env)?,)*
                    $($($later: $crate::auth::optional_from_env($later_env)?,)*)?
                })
            }
        }

        impl $crate::CredentialSource for $name {
            fn credential(&self, name: &str) -> Option<::std::borrow::Cow<'_, str>> {
                match name {
                    $($issued_wire => $crate::auth::CredentialValue::credential_text(&self.$issued),)*
                    $($($later_wire => $crate::auth::CredentialValue::credential_text(&self.$later),)*)?
                    _ => None,
                }
            }
        }
    };
}

/// The type a credential of a kind is held as.
#[doc(hidden)]
#[macro_export]
macro_rules! credential_value {
    (secret) => {
        $crate::Secret
    };
    (text) => {
        String
    };
    (number) => {
        i64
    };
}

/// The argument type `Credentials::new` takes a credential of a kind as.
#[doc(hidden)]
#[macro_export]
macro_rules! credential_argument {
    (secret) => { impl Into<$crate::Secret> };
    (text) => { impl Into<String> };
    (number) => { i64 };
}

/// Defines a vendor's `Client` (a [`ClientCore`](crate::ClientCore) over its credentials type)
/// and its `ClientBuilder`, for the [`Api`](crate::Api) constant given. The module then adds one
/// method per operation in its own `impl Client` block.
///
/// ```
/// # use commerce_apis_runtime as runtime;
/// #[derive(Debug, Clone)]
/// pub struct Credentials {
///     pub api_key: runtime::Secret,
/// }
/// runtime::credentials!(Credentials(secret api_key = "apiKey", "EXAMPLE_API_KEY"));
/// const API: runtime::Api = runtime::Api {
///     vendor: "example",
///     default_base_url: "https://api.example.com",
///     documented_rate: None,
///     schemes: &[runtime::auth::Scheme::header("apiKey", "X-Key", "")],
///     form_envelope: None,
///     token_endpoints: &[],
///     sensitive_properties: &[],
///     expired_tokens: &[],
///     rate_limited: None,
/// };
/// runtime::client!(Credentials, API);
///
/// let client = Client::builder(Credentials::new("k"))
///     .base_url("http://127.0.0.1:9")
///     .build();
/// assert_eq!(client.base_url(), "http://127.0.0.1:9");
/// ```
#[macro_export]
macro_rules! client {
    ($credentials:ident, $api:ident) => {
        /// A client of the API. Cloning is cheap and clones share everything: the connection
        /// pool, credentials and tokens, rate limit and retry settings.
        #[derive(Debug, Clone)]
        pub struct Client {
            core: ::std::sync::Arc<$crate::ClientCore<$credentials>>,
        }

        /// Builds a [`Client`]: another base URL, HTTP client, timeouts, retry policy, rate limit
        /// or clock.
        pub type ClientBuilder = $crate::ClientBuilder<$credentials, Client>;

        impl Client {
            /// A client of the vendor's default server with a default HTTP client.
            pub fn new(credentials: $credentials) -> Self {
                Self::builder(credentials).build()
            }

            /// A builder, to change the base URL, HTTP client, timeouts, retries, rate or clock.
            pub fn builder(credentials: $credentials) -> ClientBuilder {
                $crate::ClientBuilder::new(credentials, &$api, |core| Client {
                    core: ::std::sync::Arc::new(core),
                })
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.core.base_url
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::CredentialSource;

    #[derive(Debug, Clone, Default)]
    struct NoCredentials {}
    crate::credentials!(NoCredentials());

    #[derive(Debug, Clone, Default)]
    struct OnlyTokens {
        token: Option<crate::Secret>,
    }
    crate::credentials!(OnlyTokens(; token = "token", "T_TOKEN"));

    #[derive(Debug, Clone)]
    struct Issued {
        user: String,
        account: i64,
    }
    crate::credentials!(Issued(text user = "user", "I_USER", number account = "account", "I_ACCOUNT"));

    #[test]
    fn every_kind_of_credential_is_looked_up_by_its_spec_name() {
        assert_eq!(NoCredentials::new().credential("any"), None);
        let mut tokens = OnlyTokens::new();
        assert_eq!(tokens.credential("token"), None);
        tokens.token = Some("t".into());
        assert_eq!(tokens.credential("token").as_deref(), Some("t"));
        let issued = Issued::new("u", 7);
        assert_eq!(issued.credential("user").as_deref(), Some("u"));
        assert_eq!(issued.credential("account").as_deref(), Some("7"));
        assert_eq!(issued.credential("token"), None);
    }

    #[test]
    fn from_env_names_the_variable_that_is_missing() {
        assert!(NoCredentials::from_env().is_ok());
        assert_eq!(OnlyTokens::from_env().map(|t| t.token.is_none()), Ok(true));
        let missing = Issued::from_env().unwrap_err();
        assert_eq!(
            missing.to_string(),
            "environment variable I_USER: is not set"
        );
    }
}
