//! The generated crate at run time, each figure beside its baseline in the same run:
//! decoding a 500-row Poomgo page, encoding requests with their validation, and a signed Coupang
//! round trip on loopback. Run: `cargo bench -p benchmarks --bench runtime`.

use std::hint::black_box;
use std::sync::OnceLock;

use commerce_apis::runtime::{Validate, hmac_signature};
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

fn place() -> coupang::types::OutboundShippingPlace {
    let address = coupang::types::PlaceAddress::builder()
        .address_type(coupang::types::AddressType::Roadname)
        .country_code("KR")
        .company_contact_number("02-1234-5678")
        .return_zip_code("05510")
        .return_address("서울특별시 송파구 송파대로 570 (신천동)")
        .return_address_detail("물류센터 1층")
        .build()
        .expect("valid");
    let remote = coupang::types::RemoteInfo::builder()
        .delivery_code("CJGLS")
        .jeju(3000)
        .not_jeju(2500)
        .build()
        .expect("valid");
    coupang::types::OutboundShippingPlace::builder()
        .vendor_id("A00012345")
        .user_id("wing-user")
        .outbound_shipping_place_code(123456)
        .shipping_place_name("송파 물류센터")
        .place_addresses(vec![address])
        .remote_infos(vec![remote])
        .usable(true)
        .build()
        .expect("valid")
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HandPlace {
    vendor_id: String,
    user_id: String,
    outbound_shipping_place_code: i64,
    shipping_place_name: String,
    place_addresses: Vec<HandAddress>,
    remote_infos: Vec<HandRemote>,
    usable: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HandAddress {
    address_type: &'static str,
    country_code: String,
    company_contact_number: String,
    return_zip_code: String,
    return_address: String,
    return_address_detail: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HandRemote {
    delivery_code: String,
    jeju: i64,
    not_jeju: i64,
}

impl HandPlace {
    /// The documented rules, by hand: fees 0 or 1,000-20,000 in steps of 100, two-letter
    /// country, 5-6 digit postcode, phone numbers of 9-13 characters.
    fn valid(&self) -> bool {
        let fee = |f: i64| f == 0 || ((1000..=20000).contains(&f) && f % 100 == 0);
        self.remote_infos
            .iter()
            .all(|r| fee(r.jeju) && fee(r.not_jeju))
            && self.place_addresses.iter().all(|a| {
                a.country_code.len() == 2
                    && (5..=6).contains(&a.return_zip_code.len())
                    && a.return_zip_code.bytes().all(|b| b.is_ascii_digit())
                    && (9..=13).contains(&a.company_contact_number.len())
            })
    }
}

fn hand_place() -> HandPlace {
    HandPlace {
        vendor_id: "A00012345".into(),
        user_id: "wing-user".into(),
        outbound_shipping_place_code: 123456,
        shipping_place_name: "송파 물류센터".into(),
        place_addresses: vec![HandAddress {
            address_type: "ROADNAME",
            country_code: "KR".into(),
            company_contact_number: "02-1234-5678".into(),
            return_zip_code: "05510".into(),
            return_address: "서울특별시 송파구 송파대로 570 (신천동)".into(),
            return_address_detail: "물류센터 1층".into(),
        }],
        remote_infos: vec![HandRemote {
            delivery_code: "CJGLS".into(),
            jeju: 3000,
            not_jeju: 2500,
        }],
        usable: true,
    }
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

const ANSWER: &str = r#"{"code":"200","message":"SUCCESS","data":{"resultCode":"SUCCESS","resultMessage":"Modify successfully"}}"#;

struct Loopback {
    runtime: tokio::runtime::Runtime,
    base_url: String,
}

/// A minimal HTTP/1.1 server: reads each request (headers and `content-length` body) and answers
/// the documented 200, keeping the connection open.
fn loopback() -> &'static Loopback {
    static SERVER: OnceLock<Loopback> = OnceLock::new();
    SERVER.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        runtime.spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{ANSWER}",
                ANSWER.len()
            );
            loop {
                let Ok((mut socket, _)) = listener.accept().await else { return };
                let response = response.clone();
                tokio::spawn(async move {
                    let mut buffer = Vec::with_capacity(4096);
                    let mut chunk = [0u8; 4096];
                    loop {
                        let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
                            match socket.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                            continue;
                        };
                        let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                        let length: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0);
                        while buffer.len() < end + 4 + length {
                            match socket.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                        }
                        buffer.drain(..end + 4 + length);
                        if socket.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Loopback { runtime, base_url }
    })
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandAnswer {
    code: Value,
    message: Option<String>,
    data: Option<Value>,
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
        let path =
            "/v2/providers/openapi/apis/api/v4/vendors/A00012345/outboundShippingCenters/123456";
        b.bench(|| {
            server.runtime.block_on(async {
                let body = serde_json::to_vec(&place).expect("encodes");
                let date = hmac_signature::format_utc(std::time::SystemTime::now(), "%y%m%dT%H%M%SZ");
                let signature =
                    hmac_signature::hmac_sha256_hex(b"secret-key", format!("{date}PUT{path}").as_bytes());
                let answer = http
                    .put(format!("{}{path}", server.base_url))
                    .header("content-type", "application/json")
                    .header(
                        "authorization",
                        format!("CEA algorithm=HmacSHA256, access-key=access-key, signed-date={date}, signature={signature}"),
                    )
                    .body(body)
                    .send()
                    .await
                    .expect("sent")
                    .bytes()
                    .await
                    .expect("body");
                serde_json::from_slice::<HandAnswer>(&answer).expect("decodes")
            })
        });
    }
}
