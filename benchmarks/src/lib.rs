//! What the benchmarks in `benches/` share: a loopback HTTP server, and a Coupang shipping place
//! both as the generated type and as a user would write it by hand, with the signed request that
//! user would send. See BENCHMARKS.md at the workspace root.

use commerce_apis::coupang;
use commerce_apis::runtime::hmac_signature;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The documented answer to a shipping-place update.
const ANSWER: &str = r#"{"code":"200","message":"SUCCESS","data":{"resultCode":"SUCCESS","resultMessage":"Modify successfully"}}"#;

/// A minimal HTTP/1.1 server on 127.0.0.1: reads each request (headers and `content-length`
/// body) and answers the documented 200, keeping the connection open. It runs on its own
/// two-thread runtime, which callers also use to drive their clients.
pub struct Loopback {
    pub runtime: tokio::runtime::Runtime,
    pub base_url: String,
}

impl Loopback {
    /// Binds a free port and starts answering.
    pub fn start() -> Loopback {
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
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(answer_each_request(socket));
            }
        });
        Loopback { runtime, base_url }
    }
}

async fn answer_each_request(mut socket: tokio::net::TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{ANSWER}",
        ANSWER.len()
    );
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
}

/// A valid shipping place, as a seller would send it.
pub fn place() -> coupang::types::OutboundShippingPlace {
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

/// The same place as a user would write it by hand.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandPlace {
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
pub struct HandAddress {
    address_type: &'static str,
    country_code: String,
    company_contact_number: String,
    return_zip_code: String,
    return_address: String,
    return_address_detail: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandRemote {
    delivery_code: String,
    jeju: i64,
    not_jeju: i64,
}

impl HandPlace {
    /// The documented rules, by hand: fees 0 or 1,000-20,000 in steps of 100, two-letter
    /// country, 5-6 digit postcode, phone numbers of 9-13 characters.
    pub fn valid(&self) -> bool {
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

/// [`place`], by hand.
pub fn hand_place() -> HandPlace {
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

/// The answer as a hand-written client reads it.
#[derive(Deserialize)]
#[allow(dead_code)]
pub struct HandAnswer {
    code: Value,
    message: Option<String>,
    data: Option<Value>,
}

/// The shipping-place update as a careful hand-written client sends it with raw reqwest: signed
/// (HMAC over date, method and path), encoded, and its answer decoded.
pub async fn raw_update(
    http: &reqwest::Client,
    base_url: &str,
    place: &HandPlace,
) -> Result<HandAnswer, String> {
    let path = "/v2/providers/openapi/apis/api/v4/vendors/A00012345/outboundShippingCenters/123456";
    let body = serde_json::to_vec(place).map_err(|e| e.to_string())?;
    let date = hmac_signature::format_utc(std::time::SystemTime::now(), "%y%m%dT%H%M%SZ");
    let signature =
        hmac_signature::hmac_sha256_hex(b"secret-key", format!("{date}PUT{path}").as_bytes());
    let answer = http
        .put(format!("{base_url}{path}"))
        .header("content-type", "application/json")
        .header(
            "authorization",
            format!("CEA algorithm=HmacSHA256, access-key=access-key, signed-date={date}, signature={signature}"),
        )
        .body(body)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| e.to_string())?
        .bytes()
        .await
        .map_err(|e| e.to_string())?;
    serde_json::from_slice::<HandAnswer>(&answer).map_err(|e| e.to_string())
}
