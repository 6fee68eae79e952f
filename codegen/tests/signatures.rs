//! The Rust signatures the diff shows reviewers (`commerce_apis_codegen::rust::signature`) are exactly the
//! methods the committed generated crates have: every operation of every spec, in both crates.

use std::collections::BTreeMap;
use std::path::Path;

use commerce_apis_codegen::{lint, model, rust, spec};
use proc_macro2::TokenStream;
use quote::ToTokens;

/// `async fn name(&self, …) -> …` of every `pub async fn` in an `impl Client` block.
fn generated_methods(source: &str) -> BTreeMap<String, String> {
    let file = syn::parse_file(source).expect("generated code parses");
    let mut out = BTreeMap::new();
    for item in file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        for item in block.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            if f.sig.asyncness.is_some() {
                out.insert(f.sig.ident.to_string(), normalized(f.sig.to_token_stream()));
            }
        }
    }
    out
}

/// The tokens as text without spaces, and without the trailing commas prettyplease adds to
/// wrapped lists.
fn normalized(tokens: TokenStream) -> String {
    let text: String = tokens.to_string().split_whitespace().collect();
    text.replace(",)", ")").replace(",>", ">")
}

fn check_crate(specs: &Path, crate_src: &Path) -> usize {
    let mut checked = 0;
    for path in spec::files(specs).expect("lists specs") {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let spec = spec::load_file(&path, &name).unwrap_or_else(|p| panic!("{p}"));
        assert!(lint::lint(&spec).problems.is_empty(), "{name} lints");
        let api = model::build(&spec, &name).unwrap_or_else(|p| panic!("{p:?}"));
        let client = std::fs::read_to_string(crate_src.join(&name).join("client.rs"))
            .expect("the generated client is committed");
        let methods = generated_methods(&client);
        for op in &api.operations {
            let printed = rust::signature(&api, op).to_string();
            let printed: TokenStream = printed.parse().expect("the printed signature lexes");
            let generated = methods
                .get(&op.method_name)
                .unwrap_or_else(|| panic!("{name}: no generated method {}", op.method_name));
            assert_eq!(
                &normalized(printed),
                generated,
                "{name}: {} as the diff prints it differs from the generated method",
                op.id
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn the_diffs_signatures_are_the_generated_methods() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let vendors = check_crate(&root.join("specs"), &root.join("generated/src"));
    let fixtures = check_crate(
        &root.join("tests/fixture-api/specs"),
        &root.join("tests/fixture-api/src"),
    );
    assert!(
        vendors >= 14 && fixtures >= 7,
        "{vendors} and {fixtures} operations checked"
    );
}
