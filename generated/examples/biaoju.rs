//! Biaoju's main job for a logistics supplier: confirm an order with its tracking number and
//! labels, then report it sent. Every call is a signed form envelope posted to one gateway.
//!
//! ```sh
//! cargo run -p commerce-apis --features biaoju --example biaoju
//! ```
//!
//! Without environment variables it starts the mock in-process and talks to it. With
//! `BIAOJU_ACCOUNT_ID`, `BIAOJU_API_KEY` and `BIAOJU_ORDER_CODE` set it talks to the real gateway
//! (`BIAOJU_BASE_URL` to use the sandbox) and changes that order.

use std::error::Error;

use commerce_apis::biaoju::{Client, Credentials, types};
use commerce_apis_mock::MockServer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    match std::env::var("BIAOJU_ACCOUNT_ID") {
        Ok(account) => {
            let mut builder = Client::builder(Credentials::new(
                account.parse()?,
                std::env::var("BIAOJU_API_KEY")?,
            ));
            if let Ok(url) = std::env::var("BIAOJU_BASE_URL") {
                builder = builder.base_url(url);
            }
            run(&builder.build(), &std::env::var("BIAOJU_ORDER_CODE")?).await?;
        }
        Err(_) => {
            let mock = MockServer::start_texts(&[("biaoju", commerce_apis::biaoju::SPEC)]).await?;
            println!(
                "no BIAOJU_ACCOUNT_ID: talking to the mock at {}",
                mock.uri()
            );
            run(&mock_client(&mock)?, "BJ2024010100001").await?;
        }
    }
    Ok(())
}

/// Confirms the order with the supplier's number and labels, then marks it sent with the
/// last-mile tracking number. Returns the order codes Biaoju echoed.
async fn run(client: &Client, order: &str) -> Result<Vec<String>, Box<dyn Error>> {
    let labels = types::LabelUrls::builder()
        .b10_10(
            types::LabelSheet::builder()
                .a("https://labels.example.com/10x10/address.pdf")
                .c("https://labels.example.com/10x10/customs.pdf")
                .build()?,
        )
        .build()?;
    let accept = types::AcceptOrderUpdate::builder()
        .code(order)
        .supplier_inner_code("SUP-778812")
        .express_channel_code("CJ1234567890")
        .label_pdf_url(labels)
        .build()?;
    let sent = types::SentOrderUpdate::builder()
        .code(order)
        .express_channel_code("CJ1234567890")
        .build()?;
    let mut echoed = Vec::new();
    for update in [
        types::OrderUpdate::Accept(accept),
        types::OrderUpdate::Sent(sent),
    ] {
        // An `ErrorCode` other than 9999 inside the HTTP 200 is `runtime::Error::Vendor`.
        // A success carries `Data`; the gateway leaves it out only on failures.
        let Some(answer) = client.update_order(&update).await? else {
            return Err("the gateway accepted the update without echoing the order".into());
        };
        println!("order {}: {} accepted", answer.code, update_kind(&update));
        echoed.push(answer.code);
    }
    Ok(echoed)
}

fn update_kind(update: &types::OrderUpdate) -> &'static str {
    match update {
        types::OrderUpdate::Accept(_) => "accept",
        types::OrderUpdate::Received(_) => "received",
        types::OrderUpdate::Sent(_) => "sent",
        types::OrderUpdate::Exception(_) => "exception",
        types::OrderUpdate::Cancel(_) => "cancel",
    }
}

/// A client of the mock, signing with the mock's test account and key.
fn mock_client(mock: &MockServer) -> Result<Client, Box<dyn Error>> {
    let account: i64 = mock
        .credential("biaoju", "apiAccountId")
        .ok_or("no test account")?
        .parse()?;
    let key = mock.credential("biaoju", "apiKey").ok_or("no test key")?;
    Ok(Client::builder(Credentials::new(account, key))
        .base_url(mock.base_url("biaoju").ok_or("biaoju is not served")?)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CI runs the program against the mock, which opens each envelope, checks its MD5
    /// signature and validates the payload against the variant its `changeStatus` selects.
    #[tokio::test]
    async fn confirms_and_sends_an_order_against_the_mock() {
        let mock = MockServer::start_texts(&[("biaoju", commerce_apis::biaoju::SPEC)])
            .await
            .unwrap();
        let echoed = run(&mock_client(&mock).unwrap(), "BJ2024010100001")
            .await
            .unwrap();
        assert_eq!(echoed.len(), 2);
        assert!(mock.journal().iter().all(|e| e.status == 200));
    }
}
