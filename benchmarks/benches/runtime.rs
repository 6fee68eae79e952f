//! The generated crate at run time, each figure beside its baseline in the same run:
//! decoding a 500-row Poomgo page, encoding requests with their validation, and a signed Coupang
//! round trip on loopback. Run: `cargo bench -p benchmarks --bench runtime`.

use std::hint::black_box;
use std::sync::OnceLock;

use benchmarks::{hand_place, place};
use commerce_apis::runtime::Validate;
use commerce_apis::{coupang, playauto, poomgo};
use divan::Bencher;
use divan::counter::BytesCount;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

fn main() {
    divan::main();
}

// ---------------------------------------------------------------------------------------------
// 1. Decoding a Poomgo page of 500 rows.

/// 500 realistic rows: Korean names and addresses, two invoices each, a nested `originalData`.
/// Members carry their documented wire names (the seed page's camelCase).
fn page() -> &'static str {
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(|| {
        let rows: Vec<Value> = (0..500)
            .map(|i| {
                json!({
                    "id": 1_000_000 + i,
                    "channelName": "스마트스토어",
                    "orderCode": format!("2020120{}_{:06}", i % 9, i),
                    "code": format!("C{i:08}"),
                    "subsidiaryCode": format!("S{i:06}"),
                    "releaseCode": format!("R{i:06}"),
                    "receiverData": {"name": "김철수", "phone": "02-1234-5678", "mobile": "010-1234-5678", "address": "서울특별시 송파구 송파대로 570 (신천동) 101동 1001호", "postcode": "05510"},
                    "customerData": {"name": "이영희", "phone": "02-8765-4321", "mobile": "010-8765-4321", "address": "경기도 성남시 분당구 판교역로 235"},
                    "dealName": "유기농 현미 5kg 국내산 햅쌀",
                    "dealOptionName": "5kg x 2포",
                    "createdAt": "2020-12-08 10:15:00",
                    "orderAt": "2020-12-08 10:14:31",
                    "invoices": [
                        {"invoiceId": format!("I{i}A"), "invoiceCode": "377811119999", "isPrinted": true, "isClosed": false, "cargoStatusCodeKey": "DELIVERING", "logisticsPartnerName": "CJ대한통운"},
                        {"invoiceId": format!("I{i}B"), "invoiceCode": "377811118888", "isPrinted": false, "isClosed": false, "cargoStatusCodeKey": "READY", "logisticsPartnerName": "한진택배"}
                    ],
                    "originalData": {"productOrder": {"productName": "유기농 현미 5kg", "quantity": 2, "unitPrice": 25900, "options": [{"name": "중량", "value": "5kg"}], "memo": "문 앞에 놓아주세요"}, "claim": null},
                    "canceledInvoices": [],
                    "items": [{"sku": format!("SKU-{i}"), "quantity": 2, "name": "유기농 현미"}],
                    "price": "51800",
                    "settlementPrice": "46620",
                    "totalPaymentAmount": "54800",
                    "settlementGroupPrice": "46620"
                })
            })
            .collect();
        serde_json::to_string(&json!({"total": 500, "rows": rows})).expect("json")
    })
}

/// What a user would write by hand for the same page: the same fields, no unknown-field keeping.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct HandPage {
    total: Option<Value>,
    rows: Option<Vec<HandOrder>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct HandOrder {
    id: Option<i64>,
    channel_name: Option<String>,
    order_code: Option<String>,
    code: Option<String>,
    subsidiary_code: Option<String>,
    release_code: Option<String>,
    receiver_data: Option<HandPerson>,
    customer_data: Option<HandPerson>,
    deal_name: Option<String>,
    deal_option_name: Option<String>,
    created_at: Option<String>,
    order_at: Option<String>,
    invoices: Option<Vec<HandInvoice>>,
    original_data: Option<serde_json::Map<String, Value>>,
    canceled_invoices: Option<Vec<serde_json::Map<String, Value>>>,
    items: Option<Vec<serde_json::Map<String, Value>>>,
    price: Option<String>,
    settlement_price: Option<String>,
    total_payment_amount: Option<String>,
    settlement_group_price: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandPerson {
    name: Option<String>,
    phone: Option<String>,
    mobile: Option<String>,
    address: Option<String>,
    postcode: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct HandInvoice {
    invoice_id: Option<String>,
    invoice_code: Option<String>,
    is_printed: Option<bool>,
    is_closed: Option<bool>,
    cargo_status_code_key: Option<String>,
    logistics_partner_name: Option<String>,
}

mod decode_poomgo_page {
    use super::*;

    #[divan::bench(sample_count = 100, sample_size = 1)]
    fn generated(b: Bencher) {
        let text = page();
        b.counter(BytesCount::of_str(text)).bench(|| {
            black_box(
                serde_json::from_str::<poomgo::types::OrderPage>(black_box(text)).expect("decodes"),
            )
        });
    }

    /// The fast path (feature `borrowed`): text and free-form objects point into the page.
    #[divan::bench(sample_count = 100, sample_size = 1)]
    fn borrowed(b: Bencher) {
        let text = page();
        b.counter(BytesCount::of_str(text)).bench(|| {
            black_box(
                serde_json::from_str::<poomgo::borrowed::OrderPage>(black_box(text))
                    .expect("decodes"),
            )
        });
    }

    #[divan::bench(sample_count = 100, sample_size = 1)]
    fn hand_written(b: Bencher) {
        let text = page();
        b.counter(BytesCount::of_str(text)).bench(|| {
            black_box(serde_json::from_str::<HandPage>(black_box(text)).expect("decodes"))
        });
    }

    #[divan::bench(sample_count = 100, sample_size = 1)]
    fn value(b: Bencher) {
        let text = page();
        b.counter(BytesCount::of_str(text))
            .bench(|| black_box(serde_json::from_str::<Value>(black_box(text)).expect("decodes")));
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Encoding requests, constraint checks included.

fn invoices() -> &'static playauto::types::SetInvoiceRequest {
    static REQUEST: OnceLock<playauto::types::SetInvoiceRequest> = OnceLock::new();
    REQUEST.get_or_init(|| {
        let orders: Vec<playauto::types::InvoiceOrder> = (0..1000)
            .map(|i| {
                playauto::types::InvoiceOrder::builder()
                    .bundle_no(format!("37722255199{i:05}"))
                    .carr_no("4")
                    .invoice_no(format!("3778111{i:05}"))
                    .build()
                    .expect("valid")
            })
            .collect();
        playauto::types::SetInvoiceRequest::builder()
            .orders(orders)
            .overwrite(true)
            .build()
            .expect("valid")
    })
}

#[derive(Serialize)]
struct HandInvoiceRequest {
    orders: Vec<HandInvoiceOrder>,
    overwrite: bool,
}

#[derive(Serialize)]
struct HandInvoiceOrder {
    bundle_no: String,
    carr_no: String,
    invoice_no: String,
}

impl HandInvoiceRequest {
    /// The checks a careful hand-written client makes: every number present.
    fn valid(&self) -> bool {
        !self.orders.is_empty()
            && self.orders.iter().all(|o| {
                !o.bundle_no.is_empty() && !o.carr_no.is_empty() && !o.invoice_no.is_empty()
            })
    }
}

fn hand_invoices() -> &'static HandInvoiceRequest {
    static REQUEST: OnceLock<HandInvoiceRequest> = OnceLock::new();
    REQUEST.get_or_init(|| HandInvoiceRequest {
        orders: invoices()
            .orders
            .iter()
            .map(|o| HandInvoiceOrder {
                bundle_no: o.bundle_no.clone(),
                carr_no: o.carr_no.clone(),
                invoice_no: o.invoice_no.clone(),
            })
            .collect(),
        overwrite: true,
    })
}

/// What the generated client does with a body: `Call::json`'s checks and encoding.
fn validated<T: Validate + Serialize>(value: &T) -> Vec<u8> {
    let mut violations = Vec::new();
    let bytes = commerce_apis::runtime::call::json_body(value, &mut violations).expect("encodes");
    assert!(violations.is_empty());
    bytes
}

mod encode_playauto_1000_invoices {
    use super::*;

    #[divan::bench(sample_count = 100, sample_size = 10)]
    fn generated() -> Vec<u8> {
        validated(black_box(invoices()))
    }

    #[divan::bench(sample_count = 100, sample_size = 10)]
    fn hand_written() -> Vec<u8> {
        let request = black_box(hand_invoices());
        assert!(request.valid());
        serde_json::to_vec(request).expect("encodes")
    }
}

mod encode_coupang_place {
    use super::*;

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn generated(b: Bencher) {
        let place = place();
        b.bench(|| validated(black_box(&place)));
    }

    #[divan::bench(sample_count = 100, sample_size = 1000)]
    fn hand_written(b: Bencher) {
        let place = hand_place();
        b.bench(|| {
            let place = black_box(&place);
            assert!(place.valid());
            serde_json::to_vec(place).expect("encodes")
        });
    }
}

// ---------------------------------------------------------------------------------------------
// 3. A signed Coupang call on loopback: generated client vs raw reqwest doing the same.

/// The loopback server every round trip here talks to (`benchmarks::Loopback`).
fn loopback() -> &'static benchmarks::Loopback {
    static SERVER: OnceLock<benchmarks::Loopback> = OnceLock::new();
    SERVER.get_or_init(benchmarks::Loopback::start)
}

mod coupang_round_trip {
    use super::*;

    #[divan::bench]
    fn generated(b: Bencher) {
        let server = loopback();
        let client =
            coupang::Client::builder(coupang::Credentials::new("access-key", "secret-key"))
                .base_url(&server.base_url)
                .build();
        let place = place();
        b.bench(|| {
            server.runtime.block_on(async {
                client
                    .update_outbound_shipping_place("A00012345", 123456, &place)
                    .await
                    .expect("answer")
            })
        });
    }

    #[divan::bench]
    fn raw_reqwest(b: Bencher) {
        let server = loopback();
        let http = commerce_apis::runtime::http::client_builder()
            .build()
            .expect("client");
        let place = hand_place();
        b.bench(|| {
            server
                .runtime
                .block_on(benchmarks::raw_update(&http, &server.base_url, &place))
                .expect("answer")
        });
    }
}
