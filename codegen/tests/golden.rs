//! Golden tests of the mapping rules: every type and operation of the fixture specs
//! (`tests/fixture-api/specs/`), emitted on its own and snapshotted, and each spec's borrowed
//! twins (`borrowed.rs`) whole. The same code is compiled, linted and documented as the
//! `fixture-apis` crate, so each snapshot is also known to compile.

use std::path::Path;

use commerce_apis_codegen::{emit, lint, model, spec};

#[test]
fn every_type_and_operation_of_the_fixture_specs() {
    insta::glob!("../../tests/fixture-api/specs", "*.yaml", |path| {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let spec = spec::load_file(path, stem).unwrap_or_else(|p| panic!("{p}"));
        assert!(
            lint::lint(&spec).problems.is_empty(),
            "{stem} must pass lint"
        );
        let api = model::build(&spec, stem).unwrap_or_else(|p| panic!("{:?}", p));
        for def in &api.types {
            let source = emit::type_source(&api, &def.name).expect("emits");
            insta::assert_snapshot!(format!("{stem}__type__{}", def.name), source);
        }
        for op in &api.operations {
            let source = emit::operation_source(&api, &op.id).expect("emits");
            insta::assert_snapshot!(format!("{stem}__op__{}", op.id), source);
        }
        let twins = emit::borrowed_source(&api).expect("emits");
        insta::assert_snapshot!(format!("{stem}__borrowed"), twins);
    });
}

#[test]
fn generation_is_deterministic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let render = || {
        let mut all = String::new();
        for vendor in ["biaoju", "coupang", "imweb", "playauto", "poomgo"] {
            let shown = format!("specs/{vendor}.yaml");
            let spec = spec::load_file(&dir.join(format!("{vendor}.yaml")), &shown).expect("loads");
            let api = model::build(&spec, vendor).expect("models");
            for f in emit::vendor_files(&api, &shown).expect("emits") {
                all.push_str(&f.contents);
            }
        }
        all
    };
    assert_eq!(render(), render());
}
