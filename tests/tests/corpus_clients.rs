//! Clients generated from the corpus (documents read as a vendor published them), used on the
//! wire against a local server: what they send is what the document's constructs say.

use corpus_apis::query_styles::{self, types::Code, types::Filter, types::FilterRange};
use corpus_apis::runtime::Error;
use corpus_apis::security_kinds;
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn every_query_style_is_serialised_as_the_document_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(["hit"])))
        .expect(1)
        .mount(&server)
        .await;
    let client = query_styles::Client::builder(query_styles::Credentials::default())
        .base_url(server.uri())
        .build();
    let range = FilterRange::builder()
        .from("2026-01-01")
        .build()
        .expect("range");
    let filter = Filter::builder()
        .status("open")
        .size(2)
        .range(range)
        .build()
        .expect("filter");
    let hits = client
        .search(
            Some(&[1, 2, 3]),
            Some(&["a".to_owned(), "b c".to_owned()]),
            Some(&[Code::A1, Code::B2]),
            Some(&filter),
            Some(&["x".to_owned(), "y".to_owned()]),
            Some(&["p".to_owned(), "q".to_owned()]),
        )
        .await
        .expect("ok");
    assert_eq!(hits, vec!["hit".to_owned()]);
    let request = &server.received_requests().await.unwrap_or_default()[0];
    let pairs: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("ids", "1,2,3"),
        ("tags", "a b c"),
        ("codes", "A1|B2"),
        ("filter[status]", "open"),
        ("filter[size]", "2"),
        ("filter[range][from]", "2026-01-01"),
        ("repeated", "x"),
        ("repeated", "y"),
        ("piped_exploded", "p"),
        ("piped_exploded", "q"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    assert_eq!(pairs, expected);
}

fn oauth_client(
    server: &MockServer,
    credentials: security_kinds::Credentials,
) -> security_kinds::Client {
    security_kinds::Client::builder(credentials)
        .base_url(server.uri())
        .token_url("oauth", format!("{}/oauth/token", server.uri()))
        .build()
}

fn client_credentials() -> security_kinds::Credentials {
    let mut credentials = security_kinds::Credentials::default();
    credentials.oauth_client_id = Some("client-1".into());
    credentials.oauth_client_secret = Some(corpus_apis::runtime::Secret::new("s3cret"));
    credentials
}

#[tokio::test]
async fn an_oauth2_client_credentials_token_is_fetched_once_and_reused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        // Basic base64("client-1:s3cret")
        .and(header("authorization", "Basic Y2xpZW50LTE6czNjcmV0"))
        .and(body_string(
            "grant_type=client_credentials&scope=orders%3Aread",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "tok-1", "token_type": "Bearer", "expires_in": 3600}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "me"})))
        .expect(2)
        .mount(&server)
        .await;
    let client = oauth_client(&server, client_credentials());
    for _ in 0..2 {
        let me = client.get_me().await.expect("ok");
        assert_eq!(me.id.as_deref(), Some("me"));
    }
}

#[tokio::test]
async fn a_token_the_caller_sets_is_sent_as_it_is_and_nothing_is_fetched() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(header("authorization", "Bearer given"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let mut credentials = client_credentials();
    credentials.oauth = Some(corpus_apis::runtime::Secret::new("given"));
    oauth_client(&server, credentials)
        .get_me()
        .await
        .expect("ok");
}

#[tokio::test]
async fn a_refused_token_request_is_an_error_that_names_the_scheme_and_hides_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"})))
        .expect(1)
        .mount(&server)
        .await;
    let err = oauth_client(&server, client_credentials())
        .get_me()
        .await
        .expect_err("refused");
    assert!(
        matches!(
            err,
            Error::Token {
                scheme: "oauth",
                ..
            }
        ),
        "{err:?}"
    );
    let text = err.to_string();
    assert_eq!(
        text,
        "getMe: no token for \"oauth\": the token endpoint answered HTTP 401 Unauthorized"
    );
    assert!(!format!("{err:?}").contains("s3cret"));

    let err = oauth_client(&server, security_kinds::Credentials::default())
        .get_me()
        .await
        .expect_err("no client id");
    assert!(
        matches!(
            err,
            Error::MissingCredential {
                scheme: "oauth",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_call_that_may_fetch_a_token_can_run_on_any_worker_thread() {
    fn assert_send<T: Send>(_: &T) {}
    let client = security_kinds::Client::builder(client_credentials()).build();
    let call = client.get_me();
    assert_send(&call);
}

#[tokio::test]
async fn an_operation_documenting_no_answer_hands_over_a_success_as_bytes() {
    use corpus_apis::response_variety;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/undocumented/report.bin"))
        .respond_with(ResponseTemplate::new(206).set_body_bytes(vec![0u8, 159, 146, 150]))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/undocumented/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no such file"))
        .expect(1)
        .mount(&server)
        .await;
    let client = response_variety::Client::builder(response_variety::Credentials::default())
        .base_url(server.uri())
        .build();
    let bytes = client.download("report.bin").await.expect("a success");
    assert_eq!(bytes, [0u8, 159, 146, 150]);
    let refused = client
        .download("missing")
        .await
        .expect_err("a 404 is an error");
    assert!(
        matches!(&refused, Error::UnexpectedStatus { response, .. } if response.status == 404),
        "{refused:?}"
    );
}
