//! The profile's `limits` section: bounds on what the harness reads from the target.
//!
//! The guide bounds no body size, so a target can answer anything; the harness refuses to
//! read more than `limits.max_body_bytes` of one body (an error verdict, not a finding) so
//! that a runaway answer can neither exhaust memory nor fill the disk with reports.

/// 4 MiB: a hundred times the largest body a Finesse lab was seen to send (a team's
/// ReasonCodes list), small enough that dozens of scenarios at once stay within memory.
pub(crate) const DEFAULT_MAX_BODY_BYTES: u64 = 4 * 1024 * 1024;
/// Below this no Finesse resource fits; above it one body could exhaust a CI runner.
const MIN: u64 = 1024;
const MAX: u64 = 1024 * 1024 * 1024;

pub(crate) const MAX_BODY_KEY: &str = "limits.max_body_bytes";

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Limits {
    /// The largest response body the client reads; a bigger one is refused.
    pub(crate) max_body_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

/// A size as a profile writes it: a whole number of bytes, or one with a unit, binary
/// (`KiB`, `MiB`, `GiB`) or decimal (`KB`, `MB`, `GB`), any case, with or without a space.
pub(super) fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a size"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        _ => return Err(format!("{text:?} is not a size")),
    };
    let bytes = number
        .checked_mul(factor)
        .ok_or_else(|| format!("{text:?} is too large"))?;
    if !(MIN..=MAX).contains(&bytes) {
        return Err(format!("{text:?} is not between 1 KiB and 1 GiB"));
    }
    Ok(bytes)
}

/// `bytes` for a message: exact, with a binary unit when it is a whole one
/// (`4194304 bytes (4 MiB)`).
pub(crate) fn describe_size(bytes: u64) -> String {
    let unit = [(1u64 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        .into_iter()
        .find(|(f, _)| bytes >= *f);
    match unit {
        Some((f, name)) if bytes.is_multiple_of(f) => {
            format!("{bytes} bytes ({} {name})", bytes / f)
        }
        Some((f, name)) => format!("{bytes} bytes ({:.1} {name})", bytes as f64 / f as f64),
        None => format!("{bytes} bytes"),
    }
}
