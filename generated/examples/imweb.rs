//! Imweb's main job for a shop: sign in, confirm an order's payment, prepare it, then mark it
//! shipped with the carrier and invoice number, reporting any product line Imweb refused.
//!
//! ```sh
//! cargo run -p commerce-apis --features imweb --example imweb
//! ```
//!
//! Without environment variables it starts the mock in-process and talks to it. With
//! `IMWEB_KEY`, `IMWEB_SECRET` and `IMWEB_ORDER_NO` set it talks to the real API and changes that
//! order.

use std::error::Error;

use commerce_apis::imweb::{Client, Credentials, types};
use commerce_apis_mock::MockServer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let refused = match std::env::var("IMWEB_KEY") {
        Ok(key) => {
            let login = types::AuthRequest::builder()
                .key(key)
                .secret(std::env::var("IMWEB_SECRET")?)
                .build()?;
            // Imweb documents 5 requests a second.
            let client = Client::builder(Credentials::new())
                .documented_rate_limit()
                .build();
            run(&client, &login, &std::env::var("IMWEB_ORDER_NO")?).await?
        }
        Err(_) => {
            let mock = MockServer::start_texts(&[("imweb", commerce_apis::imweb::SPEC)]).await?;
            println!("no IMWEB_KEY: talking to the mock at {}", mock.uri());
            let (client, login) = mock_client(&mock)?;
            run(&client, &login, "202012080000001").await?
        }
    };
    println!("{refused} product line(s) refused");
    Ok(())
}

/// Signs in (the client keeps the access token), then moves the order along. Returns how many
/// product lines Imweb refused.
async fn run(
    client: &Client,
    login: &types::AuthRequest,
    order_no: &str,
) -> Result<usize, Box<dyn Error>> {
    client.authenticate(login).await?;
    let plain = types::PlainOrderActionRequest::builder().build()?;
    client.confirm_order_deposit(order_no, &plain).await?;
    client.prepare_order_shipment(order_no, &plain).await?;
    let shipment = types::SendOrderRequest::builder()
        .etc(
            types::OrderSendData::builder()
                .parcel_code("CJGLS")
                .invoice_no("377811119999")
                .build()?,
        )
        .build()?;
    // Lines Imweb cannot process are listed in the answer, not raised as an error.
    let result = client.send_order(order_no, &shipment).await?;
    let failed = result.and_then(|r| r.failed).unwrap_or_default();
    for failure in &failed {
        for line in failure.prod_order_list.iter().flatten() {
            println!(
                "line {:?}: {} {}",
                line.prod_order_no,
                line.msg.as_deref().unwrap_or("-"),
                line.detail_msg.as_deref().unwrap_or("")
            );
        }
    }
    Ok(failed
        .iter()
        .map(|f| f.prod_order_list.as_ref().map_or(0, Vec::len))
        .sum())
}

fn mock_client(mock: &MockServer) -> Result<(Client, types::AuthRequest), Box<dyn Error>> {
    let client = Client::builder(Credentials::new())
        .base_url(mock.base_url("imweb").ok_or("imweb is not served")?)
        .build();
    let login = types::AuthRequest::builder()
        .key("mock-key")
        .secret("mock-secret")
        .build()?;
    Ok((client, login))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CI runs the program against the mock: four calls, each with the token from the first.
    #[tokio::test]
    async fn moves_an_order_to_shipped_against_the_mock() {
        let mock = MockServer::start_texts(&[("imweb", commerce_apis::imweb::SPEC)])
            .await
            .unwrap();
        let (client, login) = mock_client(&mock).unwrap();
        let refused = run(&client, &login, "202012080000001").await.unwrap();
        assert_eq!(refused, 0);
        let calls: Vec<(String, u16)> = mock
            .journal()
            .into_iter()
            .map(|e| (e.operation.unwrap_or_default(), e.status))
            .collect();
        let expected = [
            "authenticate",
            "confirmOrderDeposit",
            "prepareOrderShipment",
            "sendOrder",
        ];
        assert_eq!(calls, expected.map(|op| (op.to_owned(), 200)));
    }
}
