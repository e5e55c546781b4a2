//! Validation and conversion: the raw serde layer into the public types, with every error
//! naming its key path (`users.agents[0].id`) and a fix.

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use super::limits::{Limits, MAX_BODY_KEY, parse_size};
use super::raw::{
    RawCapabilities, RawCodeSet, RawFaultInjection, RawIdentity, RawLimits, RawNotifications,
    RawProfile, RawTestData, RawUsers,
};
use super::rules::{Refusal, check_concurrency, parse_version};
use super::types::{
    DEFAULT_UNKNOWN_EXTENSION, DEFAULT_UNKNOWN_QUEUE_ID, DEFAULT_UNKNOWN_REASON_CODE_ID,
    DEFAULT_UNKNOWN_TEAM_ID, DEFAULT_UNKNOWN_USER_ID,
};
use super::urls::{check_http_url, check_url};
use super::{
    Capabilities, CodeSet, DeploymentSetting, FaultCommands, FaultInjection, Identity, MrdData,
    Notifications, Profile, ProfileError, ReasonCodeData, TestData, Timeouts, Tls, Users,
    VersionSetting,
};

/// What validation needs besides the raw profile: the file name for errors and the
/// environment for `${NAME}` references.
pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) env: &'a dyn Fn(&str) -> Option<String>,
}

impl Ctx<'_> {
    pub(super) fn err(
        &self,
        key: Option<&str>,
        message: impl Into<String>,
        fix: &str,
    ) -> ProfileError {
        ProfileError {
            file: self.file.to_string(),
            key: key.map(str::to_string),
            message: message.into(),
            fix: Some(fix.to_string()),
        }
    }

    fn refused(&self, key: &str, r: Refusal) -> ProfileError {
        self.err(Some(key), r.message, r.fix)
    }

    fn missing(&self, key: &str, fix: &str) -> ProfileError {
        self.err(Some(key), "is required but missing", fix)
    }

    fn opt_string(&self, key: &str, raw: Option<String>) -> Result<Option<String>, ProfileError> {
        let Some(raw) = raw else { return Ok(None) };
        let value = self.expand(key, &raw)?;
        if value.trim().is_empty() {
            let fix = "give it a value or remove the key";
            return Err(self.err(Some(key), "is empty", fix));
        }
        Ok(Some(value))
    }

    fn string_or(
        &self,
        key: &str,
        raw: Option<String>,
        default: &str,
    ) -> Result<String, ProfileError> {
        Ok(self
            .opt_string(key, raw)?
            .unwrap_or_else(|| default.to_string()))
    }

    fn required(&self, key: &str, raw: Option<String>, fix: &str) -> Result<String, ProfileError> {
        self.opt_string(key, raw)?
            .ok_or_else(|| self.missing(key, fix))
    }

    fn http_url(&self, key: &str, raw: Option<String>, fix: &str) -> Result<String, ProfileError> {
        let value = self.required(key, raw, fix)?;
        let value = value.trim_end_matches('/').to_string();
        match check_http_url(&value) {
            Ok(()) => Ok(value),
            Err(why) => Err(self.err(Some(key), format!("{value:?} {why}"), fix)),
        }
    }

    fn duration(
        &self,
        key: &str,
        raw: Option<String>,
        default: Duration,
    ) -> Result<Duration, ProfileError> {
        let Some(text) = self.opt_string(key, raw)? else {
            return Ok(default);
        };
        let fix = "use a duration such as 10s, 500ms or 1m 30s";
        match humantime::parse_duration(text.trim()) {
            Ok(d) if d.is_zero() => Err(self.err(Some(key), "must be greater than zero", fix)),
            Ok(d) => Ok(d),
            Err(e) => Err(self.err(Some(key), format!("invalid duration {text:?}: {e}"), fix)),
        }
    }

    fn identity(&self, key: &str, mut raw: RawIdentity) -> Result<Identity, ProfileError> {
        let id_fix = "add id: <the Finesse user id>";
        let id = self.required(&format!("{key}.id"), raw.id.take(), id_fix)?;
        let login_id = self.opt_string(&format!("{key}.login_id"), raw.login_id.take())?;
        Ok(Identity {
            id,
            login_id,
            auth: self.auth(key, &mut raw)?,
            extension: self.opt_string(&format!("{key}.extension"), raw.extension)?,
            team_id: self.opt_string(&format!("{key}.team_id"), raw.team_id)?,
        })
    }

    fn identities(
        &self,
        key: &str,
        raw: Option<Vec<RawIdentity>>,
    ) -> Result<Vec<Identity>, ProfileError> {
        let raw = raw.unwrap_or_default();
        let iter = raw.into_iter().enumerate();
        iter.map(|(i, r)| self.identity(&format!("{key}[{i}]"), r))
            .collect()
    }

    fn users(&self, raw: Option<RawUsers>) -> Result<Users, ProfileError> {
        let fix = "add at least one agent with id and password under users.agents";
        let raw = raw.ok_or_else(|| self.missing("users", fix))?;
        let agents = self.identities("users.agents", raw.agents)?;
        if agents.is_empty() {
            return Err(self.err(Some("users.agents"), "needs at least one agent", fix));
        }
        let admin = raw
            .admin
            .map(|a| self.identity("users.admin", a))
            .transpose()?;
        Ok(Users {
            agents,
            supervisors: self.identities("users.supervisors", raw.supervisors)?,
            other_team_agents: self.identities("users.other_team_agents", raw.other_team_agents)?,
            wrap_up_agents: self.identities("users.wrap_up_agents", raw.wrap_up_agents)?,
            mobile_agents: self.identities("users.mobile_agents", raw.mobile_agents)?,
            admin,
        })
    }

    fn code_set(&self, key: &str, raw: Option<RawCodeSet>) -> Result<CodeSet, ProfileError> {
        let Some(raw) = raw else {
            return Ok(CodeSet::default());
        };
        Ok(CodeSet {
            team: self.opt_string(&format!("{key}.team"), raw.team)?,
            global: self.opt_string(&format!("{key}.global"), raw.global)?,
            system: self.opt_string(&format!("{key}.system"), raw.system)?,
            other_team: self.opt_string(&format!("{key}.other_team"), raw.other_team)?,
        })
    }

    fn test_data(&self, raw: Option<RawTestData>) -> Result<TestData, ProfileError> {
        let Some(raw) = raw else {
            return Ok(TestData::default());
        };
        let mrd = match raw.mrd {
            None => None,
            Some(m) => {
                let fix = "give both test_data.mrd.valid and test_data.mrd.unknown, or remove mrd";
                Some(MrdData {
                    valid: self.required("test_data.mrd.valid", m.valid, fix)?,
                    unknown: self.required("test_data.mrd.unknown", m.unknown, fix)?,
                })
            }
        };
        let codes = raw.reason_codes;
        let (not_ready, logout) = codes.map_or((None, None), |c| (c.not_ready, c.logout));
        Ok(TestData {
            unknown_user_id: self.string_or(
                "test_data.unknown_user_id",
                raw.unknown_user_id,
                DEFAULT_UNKNOWN_USER_ID,
            )?,
            unknown_reason_code_id: self.string_or(
                "test_data.unknown_reason_code_id",
                raw.unknown_reason_code_id,
                DEFAULT_UNKNOWN_REASON_CODE_ID,
            )?,
            unknown_team_id: self.string_or(
                "test_data.unknown_team_id",
                raw.unknown_team_id,
                DEFAULT_UNKNOWN_TEAM_ID,
            )?,
            unknown_queue_id: self.string_or(
                "test_data.unknown_queue_id",
                raw.unknown_queue_id,
                DEFAULT_UNKNOWN_QUEUE_ID,
            )?,
            unassigned_queue_id: self
                .opt_string("test_data.unassigned_queue_id", raw.unassigned_queue_id)?,
            mrd,
            reason_codes: ReasonCodeData {
                not_ready: self.code_set("test_data.reason_codes.NOT_READY", not_ready)?,
                logout: self.code_set("test_data.reason_codes.LOGOUT", logout)?,
            },
            icd_number: self.opt_string("test_data.icd_number", raw.icd_number)?,
            out_of_service_device: self
                .opt_string("test_data.out_of_service_device", raw.out_of_service_device)?,
            wrap_up_timer: match raw.wrap_up_timer {
                None => None,
                Some(t) => {
                    Some(self.duration("test_data.wrap_up_timer", Some(t), Duration::ZERO)?)
                }
            },
            unknown_extension: self.string_or(
                "test_data.unknown_extension",
                raw.unknown_extension,
                DEFAULT_UNKNOWN_EXTENSION,
            )?,
            wrap_up_reason: self.opt_string("test_data.wrap_up_reason", raw.wrap_up_reason)?,
            mobile_agent_dial_number: self.opt_string(
                "test_data.mobile_agent_dial_number",
                raw.mobile_agent_dial_number,
            )?,
        })
    }

    fn fault_injection(&self, raw: RawFaultInjection) -> Result<FaultInjection, ProfileError> {
        const KEY: &str = "capabilities.fault_injection";
        let fix = "keep only control_url (embedded mock) or only commands (real lab)";
        let none_fix =
            "add control_url (embedded mock) or commands (real lab), or remove fault_injection";
        match (raw.control_url, raw.commands) {
            (Some(_), Some(_)) => {
                Err(self.err(Some(KEY), "has both control_url and commands", fix))
            }
            (None, None) => Err(self.err(Some(KEY), "needs control_url or commands", none_fix)),
            (Some(url), None) => {
                let url_fix = "use an http:// or https:// URL, e.g. http://127.0.0.1:9000/mock";
                let url = self.http_url(&format!("{KEY}.control_url"), Some(url), url_fix)?;
                Ok(FaultInjection::MockControl { url })
            }
            (None, Some(c)) => {
                let k = |name: &str| format!("{KEY}.commands.{name}");
                Ok(FaultInjection::Commands(Box::new(FaultCommands {
                    notification_service_down: self
                        .opt_string(&k("notification_service_down"), c.notification_service_down)?,
                    notification_service_up: self
                        .opt_string(&k("notification_service_up"), c.notification_service_up)?,
                    out_of_service: self.opt_string(&k("out_of_service"), c.out_of_service)?,
                    in_service: self.opt_string(&k("in_service"), c.in_service)?,
                    partial_service: self.opt_string(&k("partial_service"), c.partial_service)?,
                    full_service: self.opt_string(&k("full_service"), c.full_service)?,
                    conference_bridge_full: self
                        .opt_string(&k("conference_bridge_full"), c.conference_bridge_full)?,
                    conference_bridge_free: self
                        .opt_string(&k("conference_bridge_free"), c.conference_bridge_free)?,
                    db_runtime_exception: self
                        .opt_string(&k("db_runtime_exception"), c.db_runtime_exception)?,
                    db_runtime_exception_clear: self.opt_string(
                        &k("db_runtime_exception_clear"),
                        c.db_runtime_exception_clear,
                    )?,
                    runtime_exception: self
                        .opt_string(&k("runtime_exception"), c.runtime_exception)?,
                    runtime_exception_clear: self
                        .opt_string(&k("runtime_exception_clear"), c.runtime_exception_clear)?,
                    aws_unavailable: self.opt_string(&k("aws_unavailable"), c.aws_unavailable)?,
                    aws_available: self.opt_string(&k("aws_available"), c.aws_available)?,
                    preview_reservation: self
                        .opt_string(&k("preview_reservation"), c.preview_reservation)?,
                    direct_preview_reservation: self.opt_string(
                        &k("direct_preview_reservation"),
                        c.direct_preview_reservation,
                    )?,
                    cancel_preview_reservation: self.opt_string(
                        &k("cancel_preview_reservation"),
                        c.cancel_preview_reservation,
                    )?,
                    progressive_reservation: self
                        .opt_string(&k("progressive_reservation"), c.progressive_reservation)?,
                })))
            }
        }
    }

    fn capabilities(&self, raw: Option<RawCapabilities>) -> Result<Capabilities, ProfileError> {
        let Some(raw) = raw else {
            return Ok(Capabilities::default());
        };
        Ok(Capabilities {
            nonvoice_media: raw.nonvoice_media.unwrap_or(false),
            calls: raw.calls.unwrap_or(false),
            outbound_preview: raw.outbound_preview.unwrap_or(false),
            fault_injection: raw
                .fault_injection
                .map(|f| self.fault_injection(f))
                .transpose()?,
            notifications: raw
                .notifications
                .map(|n| self.notifications(n))
                .transpose()?,
        })
    }

    fn notifications(&self, raw: RawNotifications) -> Result<Notifications, ProfileError> {
        const KEY: &str = "capabilities.notifications.url";
        let fix = "use wss://<host>:8445/ws/ (12.6), wss://<host>:7443/ws/ (12.5), tls://<host>:5223 or tcp://<host>:5222";
        let url = self.required(KEY, raw.url, fix)?;
        let url = url.trim().to_string();
        check_url(&url, &["wss", "ws", "tls", "tcp"])
            .map_err(|why| self.err(Some(KEY), format!("{url:?} {}", why.why()), fix))?;
        Ok(Notifications {
            url,
            domain: self.opt_string("capabilities.notifications.domain", raw.domain)?,
        })
    }

    pub(super) fn profile(&self, raw: RawProfile) -> Result<Profile, ProfileError> {
        let stem = Path::new(self.file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        let name = match self.opt_string("name", raw.name)? {
            Some(n) => n,
            None => stem
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "profile".into()),
        };
        let url_fix = "use the Finesse server URL, e.g. https://finesse1.lab.example.com:8445";
        let base_url = self.http_url("base_url", raw.base_url, url_fix)?;

        let tls = match raw.tls {
            None => Tls::default(),
            Some(t) => Tls {
                ca_cert: self
                    .opt_string("tls.ca_cert", t.ca_cert)?
                    .map(PathBuf::from),
                insecure: t.insecure.unwrap_or(false),
            },
        };

        let d = Timeouts::default();
        let timeouts = match raw.timeouts {
            None => d,
            Some(t) => Timeouts {
                request: self.duration("timeouts.request", t.request, d.request)?,
                async_outcome: self.duration(
                    "timeouts.async_outcome",
                    t.async_outcome,
                    d.async_outcome,
                )?,
                settle: self.duration("timeouts.settle", t.settle, d.settle)?,
                poll_interval: self.duration(
                    "timeouts.poll_interval",
                    t.poll_interval,
                    d.poll_interval,
                )?,
                token_command: self.duration(
                    "timeouts.token_command",
                    t.token_command,
                    d.token_command,
                )?,
            },
        };

        let max_concurrency = check_concurrency(raw.max_concurrency.unwrap_or(1))
            .map_err(|r| self.refused("max_concurrency", r))?;

        let deployment =
            match self.opt_string("deployment", raw.deployment)? {
                None => DeploymentSetting::Auto,
                Some(s) if s.trim().eq_ignore_ascii_case("auto") => DeploymentSetting::Auto,
                Some(s) => DeploymentSetting::Fixed(s.parse().map_err(|m: String| {
                    self.err(Some("deployment"), m, "use auto, UCCE or UCCX")
                })?),
            };

        let version = match self.opt_string("version", raw.version)? {
            None => VersionSetting::Auto,
            Some(s) => parse_version(&s).map_err(|r| self.refused("version", r))?,
        };

        Ok(Profile {
            name,
            base_url,
            tls,
            timeouts,
            max_concurrency,
            deployment,
            version,
            users: self.users(raw.users)?,
            test_data: self.test_data(raw.test_data)?,
            capabilities: self.capabilities(raw.capabilities)?,
            limits: self.limits(raw.limits)?,
        })
    }

    fn limits(&self, raw: Option<RawLimits>) -> Result<Limits, ProfileError> {
        let mut l = Limits::default();
        if let Some(text) = self.opt_string(MAX_BODY_KEY, raw.and_then(|r| r.max_body_bytes))? {
            let fix = "use a size such as 4194304, 512 KiB or 16 MiB";
            l.max_body_bytes =
                parse_size(&text).map_err(|m| self.err(Some(MAX_BODY_KEY), m, fix))?;
        }
        Ok(l)
    }
}
