//! The `commerce-apis-mock` binary as `cargo xtask mock` starts it on this repository's specs: one
//! line per vendor with its base URL, then answers on 127.0.0.1 until stopped. Bounded: the child
//! is killed at the end of each test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The binary on this repository's `specs/` (the tests are not part of the published crate).
fn mock(args: &[&str]) -> Command {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut command = Command::new(env!("CARGO_BIN_EXE_commerce-apis-mock"));
    command.arg("--specs").arg(specs).args(args);
    command
}

#[test]
fn prints_each_vendor_base_url_and_answers_on_it() {
    let child = mock(&["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the mock runs");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut vendors = Vec::new();
    for line in lines.by_ref() {
        let line = line.expect("a line");
        if line.starts_with("Choose an answer") {
            break;
        }
        vendors.push(line);
    }
    let names: Vec<&str> = vendors
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(names, ["biaoju", "coupang", "imweb", "playauto", "poomgo"]);
    let poomgo = vendors
        .iter()
        .find(|l| l.starts_with("poomgo "))
        .expect("a poomgo line");
    assert!(
        poomgo.contains("credentials: apiKey=mock-poomgo-apiKey"),
        "{poomgo}"
    );
    let url = poomgo.split_whitespace().nth(1).expect("a base URL");
    let address = url
        .strip_prefix("http://")
        .and_then(|rest| rest.strip_suffix("/poomgo"))
        .expect("http://127.0.0.1:<port>/poomgo");
    assert!(address.starts_with("127.0.0.1:"), "{address}");

    // A request without the API key: 401, and the violation names the header.
    let mut stream = TcpStream::connect(address).expect("the mock listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let body = r#"{"pageSize": 20}"#;
    write!(
        stream,
        "POST /poomgo/open-api/oms/orders HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("request sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(
        answer.contains(r#""pointer":"/header/Authorization""#),
        "{answer}"
    );
}

#[test]
fn an_unknown_spec_name_fails_with_the_names_there_are() {
    let out = mock(&["--port", "0", "--spec", "nonesuch"])
        .output()
        .expect("the mock runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no spec named \"nonesuch\""), "{stderr}");
    assert!(stderr.contains("coupang"), "{stderr}");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("address").port().to_string();
    let out = mock(&["--port", &port]).output().expect("the mock runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
}
