//! Poomgo's main job: fetch every order of a date range, page after page, and list what each
//! order shipped with.
//!
//! ```sh
//! cargo run -p commerce-apis --features poomgo --example poomgo
//! ```
//!
//! Without environment variables it starts the mock in-process and talks to it. With
//! `POOMGO_API_KEY` set it reads the real account's orders (read-only).

use std::error::Error;

use commerce_apis::poomgo::{Client, Credentials, types};
use commerce_apis_mock::MockServer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let orders = match std::env::var("POOMGO_API_KEY") {
        Ok(api_key) => run(&Client::new(Credentials::new(api_key))).await?,
        Err(_) => {
            let mock = MockServer::start_texts(&[("poomgo", commerce_apis::poomgo::SPEC)]).await?;
            println!("no POOMGO_API_KEY: talking to the mock at {}", mock.uri());
            run(&mock_client(&mock)?).await?
        }
    };
    println!("{orders} order(s)");
    Ok(())
}

/// Lists the orders created in December 2020 and returns how many there were.
async fn run(client: &Client) -> Result<usize, Box<dyn Error>> {
    let query = types::OrderQuery::builder()
        .created_at_from("2020-12-01")
        .created_at_to("2020-12-31")
        .page_size(100)
        .build()?;
    // The stream asks for the next page until a short page or the total says it is done.
    let orders: Vec<types::Order> = client.list_orders_all(query).try_collect().await?;
    for order in &orders {
        let invoices: Vec<&str> = order
            .invoices
            .iter()
            .flatten()
            .filter_map(|i| i.invoice_code.as_deref())
            .collect();
        println!(
            "{}  {}  invoices: {}",
            order.order_code.as_deref().unwrap_or("-"),
            order.deal_name.as_deref().unwrap_or("-"),
            if invoices.is_empty() {
                "none".to_owned()
            } else {
                invoices.join(", ")
            }
        );
    }
    Ok(orders.len())
}

fn mock_client(mock: &MockServer) -> Result<Client, Box<dyn Error>> {
    let key = mock.credential("poomgo", "apiKey").ok_or("no test key")?;
    Ok(Client::builder(Credentials::new(key))
        .base_url(mock.base_url("poomgo").ok_or("poomgo is not served")?)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CI runs the program against the mock: its documented page is short, so one request.
    #[tokio::test]
    async fn lists_the_documented_page_against_the_mock() {
        let mock = MockServer::start_texts(&[("poomgo", commerce_apis::poomgo::SPEC)])
            .await
            .unwrap();
        let count = run(&mock_client(&mock).unwrap()).await.unwrap();
        assert!(count > 0);
        assert_eq!(mock.journal().len(), 1);
    }
}
