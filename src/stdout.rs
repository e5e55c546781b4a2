//! Console text: one-line messages, and printing to stdout that tolerates a closed pipe
//! (`finesse-conformance list | head`): the standard `println!` panics on EPIPE. A lost console
//! line is not worth failing for; the reports and the exit code still tell the result.

use std::io::Write as _;

/// Writes already-formatted text; errors (a closed pipe) are dropped on purpose.
pub(crate) fn write(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_fmt(args);
    let _ = out.flush();
}

/// `print!` without the panic on a closed stdout.
macro_rules! out {
    ($($t:tt)*) => { $crate::stdout::write(format_args!($($t)*)) };
}

/// `println!` without the panic on a closed stdout.
macro_rules! outln {
    () => { $crate::stdout::write(format_args!("\n")) };
    ($($t:tt)*) => { $crate::stdout::write(format_args!("{}\n", format_args!($($t)*))) };
}

pub(crate) use {out, outln};

/// Text on one line: runs of white space (line breaks included) become one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text without control characters (each becomes a space), spacing otherwise kept.
pub(crate) fn without_controls(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The distinct messages of an error and its causes, outermost first.
pub(crate) fn error_causes(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = s.source();
    }
    parts
}
