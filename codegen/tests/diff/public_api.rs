//! The public API of a generated vendor module, read from the emitted source with syn, and a
//! comparison by semver's rules, independent of the diff's own prediction: removing or changing
//! an item is major; adding one is minor, except a field of a struct users can build with a
//! literal or a variant of an enum they can match exhaustively, which is major.

use std::collections::BTreeMap;

use commerce_apis_codegen::diff::{Impact, Side};
use quote::ToTokens;
use syn::{Fields, ImplItem, Item, Visibility};

/// One public item: its signature, and whether adding to it (a field, a variant) breaks users.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    signature: String,
    closed: bool,
}

/// Item path → entry, for every public item of the vendor's generated module.
pub type PublicApi = BTreeMap<String, Entry>;

/// The public API the generator emits for `side`.
pub fn of(side: &Side) -> PublicApi {
    let files = commerce_apis_codegen::emit::vendor_files(&side.api, "spec.yaml")
        .unwrap_or_else(|p| panic!("emits: {p:#?}"));
    let mut out = PublicApi::new();
    for file in files {
        let module = file
            .path
            .rsplit('/')
            .next()
            .and_then(|f| f.strip_suffix(".rs"))
            .unwrap_or_default()
            .to_owned();
        let parsed =
            syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{} parses: {e}", file.path));
        items(&module, &parsed.items, &mut out);
    }
    out
}

/// Each change as (impact, what), in item order.
pub fn compare(old: &PublicApi, new: &PublicApi) -> Vec<(Impact, String)> {
    let mut out = Vec::new();
    for (path, entry) in old {
        match new.get(path) {
            None => out.push((Impact::Major, format!("{path} removed"))),
            Some(now) if now.signature != entry.signature => out.push((
                Impact::Major,
                format!("{path}: {} → {}", entry.signature, now.signature),
            )),
            _ => {}
        }
    }
    for (path, entry) in new.iter().filter(|(p, _)| !old.contains_key(*p)) {
        let parent = path.rsplit_once("::").map(|(p, _)| p);
        let closed_parent = parent.and_then(|p| old.get(p)).is_some_and(|p| p.closed);
        let impact = if closed_parent {
            Impact::Major
        } else {
            Impact::Minor
        };
        out.push((impact, format!("{path} added: {}", entry.signature)));
    }
    out
}

fn public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn tokens(node: &impl ToTokens) -> String {
    node.to_token_stream().to_string()
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

fn add(out: &mut PublicApi, path: String, signature: String, closed: bool) {
    out.insert(path, Entry { signature, closed });
}

fn items(module: &str, list: &[Item], out: &mut PublicApi) {
    for item in list {
        match item {
            Item::Struct(s) if public(&s.vis) => {
                let name = format!("{module}::{}", s.ident);
                let all_public = s.fields.iter().all(|f| public(&f.vis));
                let closed = !non_exhaustive(&s.attrs) && all_public;
                let shape = format!(
                    "struct{} non_exhaustive={}",
                    tokens(&s.generics),
                    non_exhaustive(&s.attrs)
                );
                add(out, name.clone(), shape, closed);
                for (i, field) in s.fields.iter().enumerate() {
                    if public(&field.vis) {
                        let field_name = field
                            .ident
                            .as_ref()
                            .map_or(i.to_string(), ToString::to_string);
                        add(
                            out,
                            format!("{name}::{field_name}"),
                            tokens(&field.ty),
                            false,
                        );
                    }
                }
            }
            Item::Enum(e) if public(&e.vis) => {
                let name = format!("{module}::{}", e.ident);
                let open = non_exhaustive(&e.attrs);
                add(
                    out,
                    name.clone(),
                    format!("enum non_exhaustive={open}"),
                    !open,
                );
                for v in &e.variants {
                    let shape = match &v.fields {
                        Fields::Unit => String::new(),
                        fields => tokens(fields),
                    };
                    add(out, format!("{name}::{}", v.ident), shape, false);
                }
            }
            Item::Type(t) if public(&t.vis) => {
                add(out, format!("{module}::{}", t.ident), tokens(&t.ty), false)
            }
            Item::Const(c) if public(&c.vis) => {
                add(out, format!("{module}::{}", c.ident), tokens(&c.ty), false)
            }
            Item::Fn(f) if public(&f.vis) => add(
                out,
                format!("{module}::{}", f.sig.ident),
                tokens(&f.sig),
                false,
            ),
            Item::Use(u) if public(&u.vis) => add(
                out,
                format!("{module}::use {}", tokens(&u.tree)),
                String::new(),
                false,
            ),
            Item::Trait(t) if public(&t.vis) => {
                let signature = t.items.iter().map(tokens).collect::<Vec<_>>().join(" ");
                add(out, format!("{module}::{}", t.ident), signature, false)
            }
            Item::Mod(m) if public(&m.vis) => {
                if let Some((_, inner)) = &m.content {
                    items(&format!("{module}::{}", m.ident), inner, out);
                }
            }
            Item::Impl(i) => {
                let self_ty = tokens(&i.self_ty);
                let owner = match &i.trait_ {
                    Some((path, _)) => format!("{module}::<{self_ty} as {}>", tokens(path)),
                    None => format!("{module}::{self_ty}"),
                };
                if i.trait_.is_some() {
                    add(out, owner.clone(), tokens(&i.generics), false);
                }
                for member in &i.items {
                    if let ImplItem::Fn(f) = member {
                        if public(&f.vis) || i.trait_.is_some() {
                            add(
                                out,
                                format!("{owner}::{}", f.sig.ident),
                                tokens(&f.sig),
                                false,
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
