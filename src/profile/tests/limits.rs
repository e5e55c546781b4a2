//! Sizes in the `limits` section.

use crate::profile::limits::{describe_size, parse_size};

#[test]
fn sizes_parse_in_bytes_and_units() {
    assert_eq!(parse_size("4194304"), Ok(4 * 1024 * 1024));
    assert_eq!(parse_size("16 MiB"), Ok(16 << 20));
    assert_eq!(parse_size("512kib"), Ok(512 << 10));
    assert_eq!(parse_size(" 2 MB "), Ok(2_000_000));
    assert_eq!(parse_size("1 GiB"), Ok(1 << 30));
    for bad in [
        "",
        "MiB",
        "4 parsecs",
        "-1",
        "1.5 MiB",
        "10",
        "2 GiB",
        "99999999999999 GB",
    ] {
        assert!(parse_size(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn sizes_are_described_exactly() {
    assert_eq!(describe_size(4 << 20), "4194304 bytes (4 MiB)");
    assert_eq!(describe_size(7_000_000), "7000000 bytes (6.7 MiB)");
    assert_eq!(describe_size(100), "100 bytes");
}
