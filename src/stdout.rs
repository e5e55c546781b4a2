//! Printing to stdout that tolerates a closed pipe (`finesse-conformance list | head`): the
//! standard `println!` panics on EPIPE. A lost console line is not worth failing for; the
//! reports and the exit code still tell the result.

use std::io::Write as _;

/// Writes already-formatted text; errors (a closed pipe) are dropped on purpose.
pub fn write(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_fmt(args);
    let _ = out.flush();
}

/// `print!` without the panic on a closed stdout.
#[macro_export]
macro_rules! out {
    ($($t:tt)*) => { $crate::stdout::write(format_args!($($t)*)) };
}

/// `println!` without the panic on a closed stdout.
#[macro_export]
macro_rules! outln {
    () => { $crate::stdout::write(format_args!("\n")) };
    ($($t:tt)*) => { $crate::stdout::write(format_args!("{}\n", format_args!($($t)*))) };
}
