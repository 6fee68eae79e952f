//! Coupang's main job here: update an outbound shipping place (the warehouse orders ship from),
//! with its addresses and its remote-area fees. Every request is signed (CEA HMAC-SHA256).
//!
//! ```sh
//! cargo run -p commerce-apis --features coupang --example coupang
//! ```
//!
//! Without environment variables it starts the mock in-process and talks to it. With
//! `COUPANG_ACCESS_KEY`, `COUPANG_SECRET_KEY`, `COUPANG_VENDOR_ID` and `COUPANG_PLACE_CODE` set it
//! talks to the real API and changes that shipping place.

use std::error::Error;

use commerce_apis::coupang::{Client, Credentials, types};
use commerce_apis::runtime;
use commerce_apis_mock::MockServer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let result = match std::env::var("COUPANG_ACCESS_KEY") {
        Ok(access_key) => {
            let client = Client::new(Credentials::new(
                access_key,
                std::env::var("COUPANG_SECRET_KEY")?,
            ));
            let vendor_id = std::env::var("COUPANG_VENDOR_ID")?;
            let place_code: i64 = std::env::var("COUPANG_PLACE_CODE")?.parse()?;
            run(&client, &vendor_id, place_code).await?
        }
        Err(_) => {
            let mock =
                MockServer::start_texts(&[("coupang", commerce_apis::coupang::SPEC)]).await?;
            println!(
                "no COUPANG_ACCESS_KEY: talking to the mock at {}",
                mock.uri()
            );
            run(&mock_client(&mock)?, "A00012345", 123456).await?
        }
    };
    println!("{result}");
    Ok(())
}

/// Sends the new shipping place and returns Coupang's result code and message.
async fn run(client: &Client, vendor_id: &str, place_code: i64) -> Result<String, Box<dyn Error>> {
    let road = types::PlaceAddress::builder()
        .address_type(types::AddressType::Roadname)
        .country_code("KR")
        .company_contact_number("02-1234-5678")
        .return_zip_code("05510")
        .return_address("서울특별시 송파구 송파대로 570 (신천동)")
        .return_address_detail("물류센터 1층")
        .build()?;
    // Remote-area fees: 0 or 1,000-20,000 won in steps of 100. The client checks them before
    // anything is sent, so a typo is an `InvalidRequest`, not a rejected call.
    let remote = types::RemoteInfo::builder()
        .delivery_code("CJGLS")
        .jeju(3000)
        .not_jeju(2500)
        .usable(true)
        .build()?;
    let place = types::OutboundShippingPlace::builder()
        .vendor_id(vendor_id)
        .user_id("wing-user")
        .outbound_shipping_place_code(place_code)
        .shipping_place_name("송파 물류센터")
        .place_addresses(vec![road])
        .remote_infos(vec![remote])
        .usable(true)
        .build()?;
    match client
        .update_outbound_shipping_place(vendor_id, place_code, &place)
        .await
    {
        Ok(answer) => {
            let data = answer.data.as_ref();
            Ok(format!(
                "updated shipping place {place_code}: {} {}",
                data.and_then(|d| d.result_code.as_deref()).unwrap_or("-"),
                data.and_then(|d| d.result_message.as_deref())
                    .unwrap_or("-"),
            ))
        }
        // Coupang documents its 400 answer; the typed body says which field it refused.
        Err(runtime::Error::Documented { body, .. }) => Err(format!("refused: {body:?}").into()),
        Err(e) => Err(e.into()),
    }
}

/// A client of the mock, signing with the mock's test keys.
fn mock_client(mock: &MockServer) -> Result<Client, Box<dyn Error>> {
    let key = |name| mock.credential("coupang", name).ok_or("no test key");
    Ok(
        Client::builder(Credentials::new(key("access-key")?, key("secret-key")?))
            .base_url(mock.base_url("coupang").ok_or("coupang is not served")?)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CI runs the program against the mock, which checks the signature and the body.
    #[tokio::test]
    async fn updates_the_shipping_place_against_the_mock() {
        let mock = MockServer::start_texts(&[("coupang", commerce_apis::coupang::SPEC)])
            .await
            .unwrap();
        let result = run(&mock_client(&mock).unwrap(), "A00012345", 123456)
            .await
            .unwrap();
        assert!(
            result.starts_with("updated shipping place 123456"),
            "{result}"
        );
        let last = mock.journal().pop().unwrap();
        assert_eq!((last.status, last.example.as_deref()), (200, Some("page")));
    }
}
