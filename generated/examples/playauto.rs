//! PlayAuto's main job: sign in, set the invoice (tracking) numbers of shipped bundles, and tell
//! the bundles that were updated from those that failed.
//!
//! ```sh
//! cargo run -p commerce-apis --features playauto --example playauto
//! ```
//!
//! Without environment variables it starts the mock in-process and talks to it. With
//! `PLAYAUTO_API_KEY`, `PLAYAUTO_EMAIL` and `PLAYAUTO_PASSWORD` set it talks to the real API and
//! changes real orders: the bundles it updates come from `PLAYAUTO_BUNDLES`
//! (`bundle:carrier:invoice,...`).

use std::error::Error;

use commerce_apis::playauto::{Client, Credentials, types};
use commerce_apis::runtime::SplitOutcomes;
use commerce_apis_mock::MockServer;

/// What to ship: (bundle number, carrier number, invoice number).
type Shipment = (String, String, String);

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let (updated, failed) = match std::env::var("PLAYAUTO_API_KEY") {
        Ok(api_key) => {
            let login = types::PasswordLogin::builder()
                .email(std::env::var("PLAYAUTO_EMAIL")?)
                .password(std::env::var("PLAYAUTO_PASSWORD")?)
                .build()?;
            let shipments = parse_shipments(&std::env::var("PLAYAUTO_BUNDLES")?)?;
            let client = Client::new(Credentials::new(api_key));
            run(&client, login, &shipments).await?
        }
        Err(_) => {
            let mock =
                MockServer::start_texts(&[("playauto", commerce_apis::playauto::SPEC)]).await?;
            println!("no PLAYAUTO_API_KEY: talking to the mock at {}", mock.uri());
            let (client, login) = mock_client(&mock)?;
            run(&client, login, &demo_shipments()).await?
        }
    };
    println!("{updated} bundle(s) updated, {failed} failed");
    Ok(())
}

/// Signs in (the client keeps the token), sends the invoices and reports each bundle's outcome.
/// Returns how many bundles were updated and how many failed.
async fn run(
    client: &Client,
    login: types::PasswordLogin,
    shipments: &[Shipment],
) -> Result<(usize, usize), Box<dyn Error>> {
    client
        .authenticate(&types::AuthRequest::PasswordLogin(login))
        .await?;
    let orders = shipments
        .iter()
        .map(|(bundle, carrier, invoice)| {
            types::InvoiceOrder::builder()
                .bundle_no(bundle)
                .carr_no(carrier)
                .invoice_no(invoice)
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let request = types::SetInvoiceRequest::builder()
        .orders(orders)
        .overwrite(false)
        .build()?;
    // A bundle that fails is reported in its own result; the HTTP answer is still 200.
    let (updated, failed) = client.set_invoice(&request).await?.split_outcomes();
    for result in &updated {
        println!("updated  {}", result.bundle_no);
    }
    for result in &failed {
        let code = result.error_code.as_deref().unwrap_or("no code");
        let why = result.messages.as_deref().unwrap_or_default().join("; ");
        println!("failed   {} ({code}): {why}", result.bundle_no);
    }
    Ok((updated.len(), failed.len()))
}

/// A client of the mock with its test credentials, and a sign-in the mock accepts.
fn mock_client(mock: &MockServer) -> Result<(Client, types::PasswordLogin), Box<dyn Error>> {
    let api_key = mock.credential("playauto", "apiKey").ok_or("no test key")?;
    let client = Client::builder(Credentials::new(api_key))
        .base_url(mock.base_url("playauto").ok_or("playauto is not served")?)
        .build();
    let login = types::PasswordLogin::builder()
        .email("seller@example.com")
        .password("mock-password")
        .build()?;
    Ok((client, login))
}

/// The page's bundles: the mock answers with the page's example, two updated and one failed.
fn demo_shipments() -> Vec<Shipment> {
    [
        ("3772225519903274", "4", "377811119999"),
        ("3772207204045999", "4", "377811119998"),
        ("37722255199523523", "4", "377811119997"),
    ]
    .map(|(b, c, i)| (b.to_owned(), c.to_owned(), i.to_owned()))
    .to_vec()
}

fn parse_shipments(text: &str) -> Result<Vec<Shipment>, String> {
    text.split(',')
        .map(
            |item| match item.trim().split(':').collect::<Vec<_>>()[..] {
                [b, c, i] => Ok((b.to_owned(), c.to_owned(), i.to_owned())),
                _ => Err(format!("{item:?} is not bundle:carrier:invoice")),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CI runs the program against the mock, whatever the environment holds.
    #[tokio::test]
    async fn updates_two_bundles_and_reports_one_failure_against_the_mock() {
        let mock = MockServer::start_texts(&[("playauto", commerce_apis::playauto::SPEC)])
            .await
            .unwrap();
        let (client, login) = mock_client(&mock).unwrap();
        let outcome = run(&client, login, &demo_shipments()).await.unwrap();
        assert_eq!(outcome, (2, 1));
    }

    #[test]
    fn shipments_parse_from_the_environment_format() {
        assert_eq!(parse_shipments("1:4:9, 2:5:8").unwrap().len(), 2);
        assert!(parse_shipments("1:4").is_err());
    }
}
