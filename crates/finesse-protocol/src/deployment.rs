//! Which contact-centre platform a Finesse serves: the guide differs between them.

use std::{fmt, str::FromStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Deployment {
    Ucce,
    Uccx,
}

impl fmt::Display for Deployment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Deployment::Ucce => "UCCE",
            Deployment::Uccx => "UCCX",
        })
    }
}

impl FromStr for Deployment {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "UCCE" => Ok(Deployment::Ucce),
            "UCCX" => Ok(Deployment::Uccx),
            _ => Err(format!("unknown deployment {s:?} (expected UCCE or UCCX)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Deployment;

    #[test]
    fn parses_either_case_and_prints_upper() {
        assert_eq!("ucce".parse::<Deployment>(), Ok(Deployment::Ucce));
        assert_eq!(" UCCX ".parse::<Deployment>(), Ok(Deployment::Uccx));
        assert!("pcce".parse::<Deployment>().is_err());
        assert_eq!(Deployment::Uccx.to_string(), "UCCX");
    }
}
