//! Rust source written directly as text, in the layout prettyplease gives it, for the pieces
//! generated in bulk (struct declarations, builders, decoders, enums, twins). At 5,000
//! operations, building tokens, parsing them back with syn and printing them with prettyplease
//! was three quarters of generation; writing the text is a small fraction of that.
//!
//! The writer knows prettyplease's layout for what it writes as long as every line fits the
//! margin, and attributes' argument lists exactly. A piece with a line past the margin (a long
//! name, a long type) is marked unsure and handed to prettyplease whole, so the output is the
//! same either way. `is_formatted` checks that a generated file is a prettyplease fixed point;
//! `xtask specgen` runs it over random documents, and `codegen --check` holds the specs to the
//! committed bytes.

use std::fmt::{self, Write as _};

/// `s.line(format_args!(..))` for a [`Source`] (`line!` is std's).
macro_rules! put {
    ($source:expr, $($arg:tt)*) => { $source.line(format_args!($($arg)*)) };
}
/// `s.open(format_args!(..))` for a [`Source`].
macro_rules! open {
    ($source:expr, $($arg:tt)*) => { $source.open(format_args!($($arg)*)) };
}
/// `s.close(format_args!(..))` for a [`Source`].
macro_rules! close {
    ($source:expr, $($arg:tt)*) => { $source.close(format_args!($($arg)*)) };
}
/// `s.arm(format_args!(..))` for a [`Source`].
macro_rules! arm {
    ($source:expr, $($arg:tt)*) => { $source.arm(format_args!($($arg)*)) };
}
pub(super) use {arm, close, open, put};

/// prettyplease's line width and indentation step.
const MARGIN: usize = 89;
const INDENT: usize = 4;
/// prettyplease keeps at least 60 columns on a line however deep it is indented; this writer
/// does not model that, so a line indented deeper than this is left to prettyplease.
const DEEPEST: usize = MARGIN - 60;
/// prettyplease breaks a struct literal (`Path { a, b }`) wider than this over several lines,
/// even where it would fit.
const STRUCT_LITERAL_WIDTH: usize = 35;

/// Source under construction: lines at an indentation, and whether prettyplease must lay it
/// out instead.
pub(super) struct Source {
    out: String,
    indent: usize,
    unsure: bool,
}

impl Source {
    pub fn new() -> Self {
        Self {
            out: String::with_capacity(2048),
            indent: 0,
            unsure: false,
        }
    }

    /// One line of code at the current indentation. A line past the margin marks the piece
    /// unsure: prettyplease might break it.
    pub fn line(&mut self, args: fmt::Arguments<'_>) {
        self.line_counting(args, 0);
    }

    /// A match arm on one line, `pattern => value,`: prettyplease does not count the comma
    /// after an arm against the margin.
    pub fn arm(&mut self, args: fmt::Arguments<'_>) {
        self.line_counting(args, 1);
    }

    /// The last argument of a call broken over lines, `value,`: its comma is written only
    /// because the call broke, and prettyplease does not count it against the margin.
    pub fn last_arg(&mut self, args: fmt::Arguments<'_>) {
        self.line_counting(args, 1);
    }

    /// A line of which the last `uncounted` bytes may pass the margin.
    fn line_counting(&mut self, args: fmt::Arguments<'_>, uncounted: usize) {
        let start = self.out.len();
        self.push_indent();
        // Writing to a String cannot fail.
        let _ = self.out.write_fmt(args);
        if self.out.len() - start > MARGIN + uncounted || self.indent > DEEPEST {
            self.unsure = true;
        }
        self.out.push('\n');
    }

    /// Source of a member of an `impl` block: one step in.
    pub fn member() -> Self {
        Self {
            indent: INDENT,
            ..Self::new()
        }
    }

    /// A line that opens a block: what follows is indented one step.
    pub fn open(&mut self, args: fmt::Arguments<'_>) {
        self.line(args);
        self.indent += INDENT;
    }

    /// A line that closes a block, one step out.
    pub fn close(&mut self, args: fmt::Arguments<'_>) {
        self.indent = self.indent.saturating_sub(INDENT);
        self.line(args);
    }

    /// A function's signature and the `{` of its body, as prettyplease lays one out:
    /// `{head}` (up to and including the `(`), the arguments, `) -> {ret}<generics> {`; what
    /// follows is the body, one step in.
    ///
    /// The arguments stay on the line when they and `) -> {ret}<` fit, else one per line; the
    /// return type's generics then stay on the closing line when they fit, else one per line.
    /// Generics broken after arguments that stayed flat are left to prettyplease.
    pub fn fn_open(&mut self, head: &str, args: &[String], ret: &str, generics: &[&str]) {
        let (flat_args, flat_generics) = (args.join(", "), generics.join(", "));
        let returns = format!(") -> {ret}<");
        if self.fits(head.len() + flat_args.len() + returns.len()) {
            open!(self, "{head}{flat_args}{returns}{flat_generics}> {{");
            return;
        }
        open!(self, "{head}");
        self.one_per_line(args);
        self.outdent();
        if self.fits(returns.len() + flat_generics.len() + "> {".len()) {
            open!(self, "{returns}{flat_generics}> {{");
        } else {
            open!(self, "{returns}");
            self.one_per_line(generics);
            close!(self, "> {{");
            self.indent_more();
        }
    }

    /// Items of a broken list, each with its comma; the last one's comma is written only
    /// because the list broke, and prettyplease does not count it against the margin.
    fn one_per_line<S: fmt::Display>(&mut self, items: &[S]) {
        for (i, item) in items.iter().enumerate() {
            if i + 1 == items.len() {
                self.last_arg(format_args!("{item},"));
            } else {
                put!(self, "{item},");
            }
        }
    }

    /// `{before}{path} { entries }{after}`: a struct literal on one line when it is at most
    /// [`STRUCT_LITERAL_WIDTH`] wide, else one entry per line.
    pub fn struct_literal(&mut self, before: &str, path: &str, entries: &[String], after: &str) {
        let flat_width = path.len() + 3 + entries.iter().map(|e| e.len() + 2).sum::<usize>();
        if entries.is_empty() {
            put!(self, "{before}{path} {{}}{after}");
        } else if flat_width <= STRUCT_LITERAL_WIDTH {
            put!(self, "{before}{path} {{ {} }}{after}", entries.join(", "));
        } else {
            open!(self, "{before}{path} {{");
            for entry in entries {
                put!(self, "{entry},");
            }
            close!(self, "}}{after}");
        }
    }

    /// Whether a line `width` wide fits at the current indentation.
    pub fn fits(&self, width: usize) -> bool {
        self.indent <= DEEPEST && self.indent + width <= MARGIN
    }

    /// `{open}` items `{close}` as prettyplease writes an array: on one line when it fits,
    /// else one item per line with a trailing comma.
    pub fn list(&mut self, open: &str, items: &[String], close: &str) {
        if self.fits(open.len() + flat_list_width(items) + close.len()) {
            put!(self, "{open}{}{close}", items.join(", "));
        } else {
            open!(self, "{open}");
            for item in items {
                put!(self, "{item},");
            }
            close!(self, "{close}");
        }
    }

    /// `{before}{callee}(args){after}` as prettyplease writes a call: on one line when it
    /// fits, else one argument per line with a trailing comma, the closing `)` back on the
    /// call's indentation.
    pub fn call(&mut self, before: &str, callee: &str, args: &[Arg], after: &str) {
        let flat: Vec<String> = args.iter().map(Arg::flat).collect();
        let width = before.len() + callee.len() + 2 + after.len() + flat_list_width(&flat);
        if self.fits(width) {
            // A struct literal wider than its limit breaks even inside a call that fits.
            if args.iter().zip(&flat).any(|(a, f)| !a.stays_flat(f)) {
                self.unsure = true;
            }
            put!(self, "{before}{callee}({}){after}", flat.join(", "));
            return;
        }
        open!(self, "{before}{callee}(");
        for (i, (arg, flat)) in args.iter().zip(&flat).enumerate() {
            // The comma after the last argument is written only when broken: not counted.
            let comma = usize::from(i + 1 < args.len());
            match arg {
                Arg::Struct {
                    prefix,
                    path,
                    fields,
                    rest,
                } if !(arg.stays_flat(flat) && self.fits(flat.len() + comma)) => {
                    open!(self, "{prefix}{path} {{");
                    for field in fields {
                        put!(self, "{field},");
                    }
                    if let Some(rest) = rest {
                        put!(self, "..{rest}");
                    }
                    close!(self, "}},");
                }
                _ => put!(self, "{flat},"),
            }
        }
        close!(self, "){after}");
    }

    /// `{before}{receiver}{steps}{after}`, a method chain (each step `.field` or `.method(..)`)
    /// as prettyplease writes one that does not start a statement: on one line when it fits,
    /// else the receiver ends the line and each step starts one, a step in. A step's own
    /// arguments are not broken here: a step too long for its line is left to prettyplease.
    pub fn chain(&mut self, before: &str, receiver: &str, steps: &[&str], after: &str) {
        let flat = steps.iter().map(|s| s.len()).sum::<usize>();
        if self.fits(before.len() + receiver.len() + flat + after.len()) {
            put!(self, "{before}{receiver}{}{after}", steps.concat());
            return;
        }
        open!(self, "{before}{receiver}");
        for (i, step) in steps.iter().enumerate() {
            let after = if i + 1 == steps.len() { after } else { "" };
            put!(self, "{step}{after}");
        }
        self.outdent();
    }

    /// Another source's lines, as they were written (made with [`Source::block`]).
    pub fn append(&mut self, other: Source) {
        self.out.push_str(&other.out);
        self.unsure |= other.unsure;
    }

    /// An empty source one step in from this one: a block's body, written before it is known
    /// whether the block is needed, then [`append`]ed.
    ///
    /// [`append`]: Source::append
    pub fn block(&self) -> Source {
        Source {
            out: String::new(),
            indent: self.indent + INDENT,
            unsure: false,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// The source as tokens, for a piece still built as tokens (its layout is prettyplease's
    /// then).
    pub fn into_tokens(self) -> proc_macro2::TokenStream {
        super::types::tokens(&self.out)
    }

    /// One step in, without a line (after a line that closed one block and opened another).
    pub fn indent_more(&mut self) {
        self.indent += INDENT;
    }

    /// One step out, without a line (after the last line of a broken list or chain).
    fn outdent(&mut self) {
        self.indent = self.indent.saturating_sub(INDENT);
    }

    /// A shape this writer does not lay out: prettyplease does.
    pub fn unsure(&mut self) {
        self.unsure = true;
    }

    /// `///` lines, one per line of documentation (as `docs::lines` makes them).
    pub fn docs<S: AsRef<str>>(&mut self, lines: &[S]) {
        for line in lines {
            self.push_indent();
            self.out.push_str("///");
            self.out.push_str(line.as_ref().trim_end_matches(' '));
            self.out.push('\n');
        }
    }

    /// `#[name(args)]`, broken over lines as prettyplease breaks attribute arguments.
    pub fn attr(&mut self, name: &str, args: &[Tt]) {
        let mut ops = vec![Op::Text("#["), Op::Text(name)];
        paren_ops(&mut ops, args);
        ops.extend([Op::Text("]"), Op::Break(Break::Space)]);
        if self.indent > DEEPEST || args.iter().any(Tt::is_unsure) {
            self.unsure = true;
        }
        self.push_indent();
        self.layout(&ops);
        self.out.push('\n');
    }

    /// The source: as written, or as prettyplease lays it out when a line was unsure.
    pub fn finish(self) -> Result<String, String> {
        if !self.unsure {
            return Ok(self.out);
        }
        super::format(self.lexed()?)
    }

    /// A member of an `impl` block (made with [`Source::member`]): as written, or as
    /// prettyplease lays it out inside its block when a line was unsure.
    pub fn finish_member(self) -> Result<String, String> {
        if !self.unsure {
            return Ok(self.out);
        }
        super::format_member(self.lexed()?)
    }

    fn lexed(&self) -> Result<proc_macro2::TokenStream, String> {
        self.out
            .parse()
            .map_err(|e| format!("generated source does not lex ({e}): {}", self.out))
    }

    fn push_indent(&mut self) {
        self.out.extend(std::iter::repeat_n(' ', self.indent));
    }

    /// Lays `ops` out from the current column, as prettyplease's printer does with consistent
    /// boxes: a box stays on the line when it and what follows it up to the next break fit;
    /// otherwise every break directly in it starts a line, a step in from where the box began.
    fn layout(&mut self, ops: &[Op<'_>]) {
        let sizes = sizes(ops);
        let mut column = self.out.len() - self.out.rfind('\n').map_or(0, |i| i + 1);
        let mut indent = self.indent;
        // For each open box: `Some(indent before it)` when broken, `None` when on the line.
        let mut boxes: Vec<Option<usize>> = Vec::new();
        for (op, size) in ops.iter().zip(&sizes) {
            match op {
                Op::Text(text) => {
                    self.out.push_str(text);
                    column += text.len();
                }
                Op::Begin => {
                    if *size > MARGIN.saturating_sub(column) {
                        boxes.push(Some(indent));
                        indent += INDENT;
                        if indent > DEEPEST {
                            self.unsure = true;
                        }
                    } else {
                        boxes.push(None);
                    }
                }
                Op::End => {
                    if let Some(Some(before)) = boxes.pop() {
                        indent = before;
                    }
                }
                Op::Break(kind) => match boxes.last() {
                    Some(Some(_)) => {
                        let at = if *kind == Break::Closing {
                            indent - INDENT
                        } else {
                            indent
                        };
                        self.out.push('\n');
                        self.out.extend(std::iter::repeat_n(' ', at));
                        column = at;
                    }
                    Some(None) if *kind == Break::Space => {
                        self.out.push(' ');
                        column += 1;
                    }
                    _ => {}
                },
            }
        }
    }
}

/// An argument of [`Source::call`].
pub(super) enum Arg {
    /// An expression this writer keeps on one line (a name, a literal, a short call).
    Text(String),
    /// `{prefix}{path} { fields, ..rest }`.
    Struct {
        prefix: &'static str,
        path: String,
        fields: Vec<String>,
        rest: Option<String>,
    },
}

impl Arg {
    pub fn text(text: impl Into<String>) -> Self {
        Arg::Text(text.into())
    }

    fn flat(&self) -> String {
        match self {
            Arg::Text(text) => text.clone(),
            Arg::Struct {
                prefix,
                path,
                fields,
                rest,
            } => {
                let mut entries = fields.clone();
                entries.extend(rest.iter().map(|r| format!("..{r}")));
                format!("{prefix}{path} {{ {} }}", entries.join(", "))
            }
        }
    }

    /// Whether prettyplease would keep it (written `flat`) on one line where there is room: a
    /// struct literal only up to its width limit.
    fn stays_flat(&self, flat: &str) -> bool {
        match self {
            Arg::Text(_) => true,
            Arg::Struct { prefix, .. } => flat.len() - prefix.len() <= STRUCT_LITERAL_WIDTH,
        }
    }
}

/// The width of `items` written on one line, separated by `, `.
fn flat_list_width(items: &[String]) -> usize {
    items
        .iter()
        .map(|i| i.len() + 2)
        .sum::<usize>()
        .saturating_sub(2)
}

/// The tokens of an attribute's arguments, as far as prettyplease's spacing of them goes.
#[derive(Debug, Clone)]
pub(super) enum Tt {
    /// An identifier, a literal, or a path (`crate::runtime::X`): words are spaced apart.
    Word(String),
    /// `=` between a name and its value.
    Eq,
    /// `,` between two arguments (never after the last).
    Comma,
    /// `(...)`, after the word it belongs to.
    Paren(Vec<Tt>),
    /// `[...]`.
    Bracket(Vec<Tt>),
    /// Tokens whose spacing this writer does not model: the piece is left to prettyplease.
    Unsure(String),
}

impl Tt {
    pub fn word(text: impl Into<String>) -> Self {
        Tt::Word(text.into())
    }

    /// A string literal.
    pub fn string(text: &str) -> Self {
        Tt::Word(string_literal(text))
    }

    fn is_unsure(&self) -> bool {
        match self {
            Tt::Unsure(_) => true,
            Tt::Paren(inner) | Tt::Bracket(inner) => inner.iter().any(Tt::is_unsure),
            _ => false,
        }
    }

    /// `name = value`.
    pub fn pair(name: impl Into<String>, value: Tt) -> [Tt; 3] {
        [Tt::word(name), Tt::Eq, value]
    }

    /// `name(args)`.
    pub fn call(name: impl Into<String>, args: Vec<Tt>) -> [Tt; 2] {
        [Tt::word(name), Tt::Paren(args)]
    }
}

/// `text` as a string literal, escaped as proc_macro2 (and so prettyplease) writes it.
pub(super) fn string_literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// `items`, each a run of tokens, separated by commas.
pub(super) fn comma_separated<I, T>(items: I) -> Vec<Tt>
where
    I: IntoIterator<Item = T>,
    T: IntoIterator<Item = Tt>,
{
    let mut out = Vec::new();
    for item in items {
        if !out.is_empty() {
            out.push(Tt::Comma);
        }
        out.extend(item);
    }
    out
}

/// A step of prettyplease's printer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op<'a> {
    Text(&'a str),
    Begin,
    End,
    Break(Break),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Break {
    /// A space on the line.
    Space,
    /// Nothing on the line.
    Zero,
    /// Nothing on the line; broken, the line starts where the box began (before `)`).
    Closing,
}

/// `(args)` as printer steps: the arguments in a box of their own.
fn paren_ops<'a>(ops: &mut Vec<Op<'a>>, args: &'a [Tt]) {
    ops.extend([Op::Text("("), Op::Begin, Op::Break(Break::Zero)]);
    arg_ops(ops, args);
    ops.extend([Op::Break(Break::Closing), Op::End, Op::Text(")")]);
}

/// Arguments as printer steps, spaced as prettyplease spaces attribute tokens: a space (a break)
/// between two words and after a comma, ` = ` around `=`, nothing else.
fn arg_ops<'a>(ops: &mut Vec<Op<'a>>, args: &'a [Tt]) {
    let mut after_word = false;
    for tt in args {
        match tt {
            Tt::Word(word) | Tt::Unsure(word) => {
                if after_word {
                    ops.push(Op::Break(Break::Space));
                }
                ops.push(Op::Text(word));
            }
            Tt::Eq => ops.push(Op::Text(if after_word { " = " } else { "= " })),
            Tt::Comma => ops.extend([Op::Text(","), Op::Break(Break::Space)]),
            Tt::Paren(inner) => paren_ops(ops, inner),
            Tt::Bracket(inner) => {
                ops.push(Op::Text("["));
                arg_ops(ops, inner);
                ops.push(Op::Text("]"));
            }
        }
        after_word = matches!(tt, Tt::Word(_));
    }
}

/// For each `Begin`, the width of its box and of what follows it up to the next break: what
/// prettyplease's printer compares with the room left on the line.
fn sizes(ops: &[Op<'_>]) -> Vec<usize> {
    let width = |op: &Op<'_>| match op {
        Op::Text(text) => text.len(),
        Op::Break(Break::Space) => 1,
        _ => 0,
    };
    // The width from each step to the next break, at whatever depth.
    let mut to_break = vec![0; ops.len() + 1];
    for i in (0..ops.len()).rev() {
        to_break[i] = match ops[i] {
            Op::Break(_) => 0,
            op => width(&op) + to_break[i + 1],
        };
    }
    let mut sizes = vec![0; ops.len()];
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut total = 0;
    for (i, op) in ops.iter().enumerate() {
        match op {
            Op::Begin => open.push((i, total)),
            Op::End => {
                if let Some((begin, start)) = open.pop() {
                    sizes[begin] = total - start + to_break[i + 1];
                }
            }
            _ => {}
        }
        total += width(op);
    }
    sizes
}

/// The tokens of `#[name(args)]`, for the pieces still built as tokens: the same printer
/// steps, written on one line.
pub(super) fn attr_tokens(name: &str, args: &[Tt]) -> proc_macro2::TokenStream {
    let mut ops = Vec::new();
    paren_ops(&mut ops, args);
    let mut text = format!("#[{name}");
    for op in ops {
        match op {
            Op::Text(piece) => text.push_str(piece),
            Op::Break(Break::Space) => text.push(' '),
            _ => {}
        }
    }
    text.push(']');
    super::types::tokens(&text)
}

/// Whether `source` (a generated file, header comment and all) is exactly what prettyplease
/// prints for it: the check that the text this module writes is laid out as prettyplease would.
pub fn is_formatted(source: &str) -> Result<bool, String> {
    let file: syn::File = syn::parse_str(source).map_err(|e| e.to_string())?;
    let printed = prettyplease::unparse(&file);
    // Plain comments (the `@generated` header) are not part of the syntax tree.
    let code: String = source
        .lines()
        .filter(|line| !line.starts_with("// "))
        .flat_map(|line| [line, "\n"])
        .collect();
    Ok(printed == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemars(description: &str) -> Vec<Tt> {
        comma_separated([
            Tt::pair("feature", Tt::string("schemars")).to_vec(),
            Tt::call(
                "schemars",
                comma_separated([
                    Tt::pair("title", Tt::string("")).to_vec(),
                    Tt::pair("description", Tt::string(description)).to_vec(),
                    Tt::call(
                        "extend",
                        Tt::pair(
                            "\"required\"",
                            Tt::Bracket(comma_separated([[Tt::string("a")], [Tt::string("b")]])),
                        )
                        .to_vec(),
                    )
                    .to_vec(),
                ]),
            )
            .to_vec(),
        ])
    }

    /// Attribute arguments break where prettyplease breaks them, at every depth, and the
    /// file prettyplease prints from the text is the text.
    #[test]
    fn attributes_break_as_prettyplease_breaks_them() {
        for description in [
            "",
            "Short.",
            "A description long enough that the schemars list no longer fits on the line.",
            "A description so long that even on its own line inside the broken list it runs past the margin of eighty-nine.",
            "주문번호. The order number; \"quoted\", with a \\ and a tab\t.",
        ] {
            for indent in [0, 4] {
                let mut source = Source::new();
                source.indent = indent;
                source.attr("cfg_attr", &schemars(description));
                let wrapped = match indent {
                    0 => format!("{}struct A;\n", source.out),
                    _ => format!("struct A {{\n{}    a: u8,\n}}\n", source.out),
                };
                assert_eq!(is_formatted(&wrapped), Ok(true), "{wrapped}");
            }
            let flat = attr_tokens("cfg_attr", &schemars(description)).to_string();
            assert!(flat.contains("schemars"), "{flat}");
        }
    }

    #[test]
    fn a_file_laid_out_otherwise_is_not_formatted() {
        let laid_out = "// @generated\nfn f() {\n    g(1, 2);\n}\n";
        assert_eq!(is_formatted(laid_out), Ok(true));
        assert_eq!(
            is_formatted(&laid_out.replace("(1, 2)", "(1,2)")),
            Ok(false)
        );
        assert_eq!(is_formatted(&laid_out.replace("    g", "  g")), Ok(false));
        assert!(is_formatted("fn f( {").is_err());
    }

    #[test]
    fn long_lines_are_left_to_prettyplease() {
        let mut source = Source::new();
        open!(source, "fn f() {{");
        put!(
            source,
            "let x = g({});",
            "1, ".repeat(40).trim_end_matches(", ")
        );
        close!(source, "}}");
        assert!(source.unsure);
        let printed = source.finish().expect("formats");
        assert_eq!(is_formatted(&printed), Ok(true));
        assert!(printed.lines().count() > 3, "{printed}");
    }

    /// Calls stay on their line when they fit and break one argument per line otherwise, a
    /// struct literal among them broken past its width; at the margin and one column past it,
    /// with the last argument's comma (written only when broken) not counted. Whatever the
    /// writer is sure of is what prettyplease prints; what it is not sure of, prettyplease lays
    /// out.
    #[test]
    fn calls_break_as_prettyplease_breaks_them() {
        let range = |fields: usize| Arg::Struct {
            prefix: "&",
            path: "crate::runtime::validate::Range".into(),
            fields: (0..fields)
                .map(|i| format!("minimum{i}: Some(1.0)"))
                .collect(),
            rest: Some("crate::runtime::validate::Range::NONE".into()),
        };
        let short = |p: &str| Arg::Struct {
            prefix: "&",
            path: p.into(),
            fields: vec!["a: 1".into()],
            rest: None,
        };
        for width in [60, 68, 69, 70, 71, 72, 80] {
            let name = "x".repeat(width - 20);
            let cases: Vec<(&str, Vec<Arg>, &str)> = vec![
                (
                    "",
                    vec![Arg::text("&path"), Arg::text(format!("\"{name}\""))],
                    ";",
                ),
                (
                    "let path = ",
                    vec![Arg::text("path"), Arg::text(format!("\"{name}\""))],
                    "?;",
                ),
                (
                    "",
                    vec![Arg::text("&path"), range(2), Arg::text("out")],
                    ";",
                ),
                ("", vec![Arg::text(&name[..width / 3]), short("P")], ";"),
                ("", vec![Arg::text(&name), short("Pp")], ";"),
            ];
            for (before, args, after) in cases {
                let mut source = Source::new();
                open!(source, "fn f() {{");
                source.call(before, "g::h", &args, after);
                close!(source, "}}");
                let unsure = source.unsure;
                let written = source.out.clone();
                let printed = source.finish().expect("formats");
                assert_eq!(is_formatted(&printed), Ok(true), "{printed}");
                if !unsure {
                    assert_eq!(written, printed);
                }
            }
        }
    }

    /// A method as the writer lays it out must be what prettyplease prints inside `impl`,
    /// unless the writer marked it unsure.
    fn assert_member_as_prettyplease_prints_it(source: Source) {
        let (unsure, written) = (source.unsure, source.out.clone());
        let printed = source.finish_member().expect("formats");
        let file = format!("impl C {{\n{printed}}}\n");
        assert_eq!(is_formatted(&file), Ok(true), "{file}");
        if !unsure {
            assert_eq!(written, printed);
        }
    }

    /// Signatures at widths around the margin: arguments on the line or one per line, the
    /// return type's generics on the closing line or one per line.
    #[test]
    fn signatures_break_as_prettyplease_breaks_them() {
        for name in [4, 30, 40, 44, 45, 46, 47, 60, 75] {
            for args in [0, 1, 2, 4] {
                for generic in [
                    10, 30, 36, 37, 38, 39, 40, 42, 43, 44, 45, 46, 47, 48, 60, 80,
                ] {
                    let mut source = Source::member();
                    let head = format!("pub async fn {}(", "f".repeat(name));
                    let mut list = vec!["&self".to_owned()];
                    list.extend((0..args).map(|i| format!("a{i}: Option<&[String]>")));
                    let ok = format!("types::{}", "T".repeat(generic));
                    source.fn_open(&head, &list, "Result", &[&ok, "runtime::Error<E>"]);
                    put!(source, "g()");
                    close!(source, "}}");
                    assert_member_as_prettyplease_prints_it(source);
                }
            }
        }
    }

    /// A chain stays on its line when it fits, else breaks before each step; a step that
    /// does not fit its own line is prettyplease's.
    #[test]
    fn chains_break_as_prettyplease_breaks_them() {
        for width in [20, 40, 49, 50, 51, 52, 60, 70, 71, 72, 73, 90] {
            let mut source = Source::member();
            open!(source, "fn f(&self) {{");
            let call = format!(".call({:?}, \"POST\", &[])", "x".repeat(width));
            source.chain("let mut call = ", "self", &[".core", &call], ";");
            put!(source, "g(call);");
            close!(source, "}}");
            assert_member_as_prettyplease_prints_it(source);
        }
    }

    #[test]
    fn an_arm_may_pass_the_margin_by_its_comma() {
        for extra in 0..3 {
            let mut source = Source::new();
            open!(source, "fn f(t: &str) -> u8 {{");
            open!(source, "match t {{");
            // 89, 90 and 91 columns with the comma.
            let pattern = format!("\"{}\"", "a".repeat(73 + extra));
            arm!(source, "{pattern} => 1,");
            arm!(source, "_ => 0,");
            close!(source, "}}");
            close!(source, "}}");
            let (unsure, written) = (source.unsure, source.out.clone());
            let printed = source.finish().expect("formats");
            assert_eq!(unsure, extra == 2, "{written}");
            if !unsure {
                assert_eq!(written, printed);
            }
        }
    }
}
