//! Coupang's order loop, the job a seller's system runs every few minutes:
//! 1. pull the paid purchase orders (발주서) page by page;
//! 2. acknowledge them (상품준비중, product in preparation), box by box results;
//! 3. upload a waybill (송장) per shipment box;
//! 4. print each box's delivery-status history.
//!
//! ```sh
//! cargo run -p commerce-apis --features coupang --example coupang_orders
//! ```
//!
//! Without environment variables it starts the mock in-process and talks to it. With
//! `COUPANG_ACCESS_KEY`, `COUPANG_SECRET_KEY` and `COUPANG_VENDOR_ID` set it talks to the real
//! API: it lists yesterday's and today's paid orders (KST) and only prints them, unless
//! `COUPANG_SHIP_WITH` names a courier code (e.g. `CJGLS`) and `COUPANG_FIRST_WAYBILL` a first
//! waybill number, in which case it acknowledges the boxes and uploads consecutive waybill numbers.
//! Those two steps cannot be undone.

use std::error::Error;

use commerce_apis::coupang::{Client, Credentials, types};
use commerce_apis::runtime::{self, SplitOutcomes};
use commerce_apis_mock::MockServer;

/// What a run ships with, when it ships at all.
struct Shipping {
    courier: types::DeliveryCompanyCode,
    first_waybill: u64,
}

/// What a run did, for the caller to print or check.
#[derive(Debug, Default)]
struct Report {
    boxes: usize,
    acknowledged: usize,
    refused: Vec<String>,
    waybills: usize,
    history_lines: usize,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let report = match std::env::var("COUPANG_ACCESS_KEY") {
        Ok(access_key) => {
            let client = Client::new(Credentials::new(
                access_key,
                std::env::var("COUPANG_SECRET_KEY")?,
            ));
            let vendor_id = std::env::var("COUPANG_VENDOR_ID")?;
            let shipping = match (
                std::env::var("COUPANG_SHIP_WITH"),
                std::env::var("COUPANG_FIRST_WAYBILL"),
            ) {
                (Ok(courier), Ok(first)) => Some(Shipping {
                    courier: types::DeliveryCompanyCode::from(courier.as_str()),
                    first_waybill: first.parse()?,
                }),
                _ => None,
            };
            let (from, to) = kst_yesterday_and_today();
            run(&client, &vendor_id, (&from, &to), shipping.as_ref()).await?
        }
        Err(_) => {
            let mock =
                MockServer::start_texts(&[("coupang", commerce_apis::coupang::SPEC)]).await?;
            println!(
                "no COUPANG_ACCESS_KEY: talking to the mock at {}",
                mock.uri()
            );
            let shipping = Shipping {
                courier: types::DeliveryCompanyCode::Cjgls,
                first_waybill: 680_405_450_931,
            };
            let days = ("2024-04-08", "2024-04-09");
            run(&mock_client(&mock)?, "A00012345", days, Some(&shipping)).await?
        }
    };
    println!("{report:?}");
    Ok(())
}

/// One pass of the loop over the boxes paid between `days.0` and `days.1` (yyyy-MM-dd, KST).
async fn run(
    client: &Client,
    vendor_id: &str,
    days: (&str, &str),
    shipping: Option<&Shipping>,
) -> Result<Report, Box<dyn Error>> {
    let mut report = Report::default();
    // 1. Every page: the stream sends each answer's nextToken back until there is none.
    let paid = types::OrderSheetStatus::Accept;
    let mut orders: Vec<types::OrderSheet> = client
        .list_order_sheets_all(vendor_id, days.0, days.1, &paid, Some(50), None)
        .try_collect()
        .await?;
    // A box can show up on two pages when orders arrive during the walk: handle it once.
    let mut seen = std::collections::HashSet::new();
    orders.retain(|o| seen.insert(o.shipment_box_id));
    report.boxes = orders.len();
    for order in &orders {
        let items: Vec<&str> = order
            .order_items
            .iter()
            .flatten()
            .filter_map(|i| i.vendor_item_name.as_deref())
            .collect();
        println!("box {}: {}", order.shipment_box_id, items.join(", "));
    }
    let Some(shipping) = shipping else {
        return Ok(report);
    };

    // 2. Acknowledge at most 50 boxes a call; each box succeeds or fails on its own.
    let mut refused_ids = Vec::new();
    for chunk in orders.chunks(50) {
        let ids: Vec<i64> = chunk.iter().map(|o| o.shipment_box_id).collect();
        let request = types::Acknowledgement::builder()
            .vendor_id(vendor_id)
            .shipment_box_ids(ids)
            .build()?;
        let answer = client.acknowledge_order_sheets(vendor_id, &request).await?;
        let results = answer
            .data
            .and_then(|d| d.response_list)
            .unwrap_or_default();
        let (done, refused) = results.split_outcomes();
        report.acknowledged += done.len();
        for r in refused {
            let id = r.shipment_box_id.unwrap_or_default();
            let why = r.result_message.unwrap_or_default();
            report.refused.push(format!("{id}: {why}"));
            refused_ids.push(id);
        }
    }

    // 3. Read each box again, as the pages ask: the buyer may have changed the address until
    //    now, or cancelled. A box in preparation gets one waybill for the whole box.
    let ready = orders
        .iter()
        .map(|o| o.shipment_box_id)
        .filter(|id| !refused_ids.contains(id));
    for (n, box_id) in ready.enumerate() {
        let fresh = client.get_order_sheet(vendor_id, box_id).await?;
        let Some(order) = fresh.data else { continue };
        if order.status != Some(types::OrderSheetStatus::Instruct) {
            continue;
        }
        let Some(item) = order.order_items.iter().flatten().next() else {
            continue;
        };
        if let Some(receiver) = &order.receiver {
            let address = [receiver.addr1.as_deref(), receiver.addr2.as_deref()];
            println!(
                "ship box {box_id} to {}",
                address.into_iter().flatten().collect::<Vec<_>>().join(" ")
            );
        }
        let waybill = types::InvoiceApply::builder()
            .shipment_box_id(box_id)
            .order_id(order.order_id.unwrap_or_default())
            .delivery_company_code(shipping.courier.clone())
            .invoice_number((shipping.first_waybill + n as u64).to_string())
            .vendor_item_id(item.vendor_item_id.unwrap_or_default())
            .split_shipping(false)
            .pre_split_shipped(false)
            .estimated_shipping_date("")
            .build()?;
        let upload = types::InvoiceUpload::builder()
            .vendor_id(vendor_id)
            .order_sheet_invoice_apply_dtos(vec![waybill])
            .build()?;
        match client.upload_invoices(vendor_id, &upload).await {
            Ok(answer) => {
                let results = answer
                    .data
                    .and_then(|d| d.response_list)
                    .unwrap_or_default();
                report.waybills += results.iter().filter(|r| r.is_success()).count();
            }
            // The documented 400 says which field the gateway refused; the loop goes on.
            Err(runtime::Error::Documented { body, .. }) => {
                report.refused.push(format!("{box_id}: {body:?}"));
                continue;
            }
            Err(e) => return Err(e.into()),
        }

        // 4. The box's history, newest change first.
        let history = client.get_delivery_history(vendor_id, box_id).await?;
        for change in history.data.and_then(|d| d.details).unwrap_or_default() {
            report.history_lines += 1;
            println!(
                "  {} {} {}",
                change.updated_at.as_deref().unwrap_or("-"),
                change
                    .delivery_status
                    .as_ref()
                    .map_or("-", types::OrderSheetStatus::as_str),
                change.delivery_status_desc.as_deref().unwrap_or(""),
            );
        }
    }
    Ok(report)
}

/// Yesterday and today in Korea (UTC+9), as yyyy-MM-dd: the listing's bounds are Korean dates.
fn kst_yesterday_and_today() -> (String, String) {
    let kst = chrono::FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let today = chrono::DateTime::from_timestamp(i64::try_from(now).unwrap_or(0), 0)
        .unwrap_or_default()
        .with_timezone(&kst)
        .date_naive();
    let yesterday = today.pred_opt().unwrap_or(today);
    (yesterday.to_string(), today.to_string())
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

    /// CI runs the loop against the mock, which checks every signature, query and body.
    #[tokio::test]
    async fn runs_the_order_loop_against_the_mock() {
        let mock = MockServer::start_texts(&[("coupang", commerce_apis::coupang::SPEC)])
            .await
            .unwrap();
        let shipping = Shipping {
            courier: types::DeliveryCompanyCode::Cjgls,
            first_waybill: 1,
        };
        let report = run(
            &mock_client(&mock).unwrap(),
            "A00012345",
            ("2024-04-08", "2024-04-09"),
            Some(&shipping),
        )
        .await
        .unwrap();
        // The mock answers every page with the documented one, whose token repeats: the walk
        // reads it twice and stops, and the repeated boxes are handled once.
        assert_eq!(report.boxes, 2, "{report:?}");
        assert_eq!(report.waybills, 2, "{report:?}");
        assert!(report.acknowledged > 0, "{report:?}");
        assert!(report.history_lines > 0, "{report:?}");
        let journal = mock.journal();
        assert!(journal.iter().all(|e| e.status == 200), "{journal:?}");
    }
}
