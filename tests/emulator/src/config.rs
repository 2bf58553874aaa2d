//! Command-line flags.

use crate::faults::FaultConfig;
use crate::validate::is_uuid;
use std::path::PathBuf;
use std::time::Duration;

/// The fixed demo environment id served when no `--environment` is given.
pub const DEMO_ENVIRONMENT_ID: &str = "9b3c7c1e-2f4a-4c55-8d0e-7a6f1b2c3d4e";

#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub db: Option<PathBuf>,
    pub token: String,
    pub environments: Vec<String>,
    pub seed_demo: bool,
    pub faults: FaultConfig,
    /// Window of the bulk-request rate limit: one minute, as the API counts. Not a flag; tests
    /// shorten it to see the window slide.
    pub bulk_rate_window: Duration,
    /// No per-request log lines on stderr.
    pub quiet: bool,
    /// `--custom-fields FILE`: the custom fields of every environment (a JSON array, SPEC section 6).
    pub custom_fields: Option<serde_json::Value>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 8787,
            db: None,
            token: "dev-token".into(),
            environments: vec![DEMO_ENVIRONMENT_ID.into()],
            seed_demo: false,
            faults: FaultConfig::default(),
            bulk_rate_window: Duration::from_secs(60),
            quiet: false,
            custom_fields: None,
        }
    }
}

pub const USAGE: &str = "\
dynamic-users-emulator: local emulator of the Dynamic user-management endpoints

USAGE: dynamic-users-emulator [FLAGS]

  --port P                     port to listen on (default 8787; 0 picks a free port)
  --host H                     address to bind (default 127.0.0.1)
  --db PATH                    SQLite file (default: in memory)
  --token T                    accepted bearer token (default dev-token)
  --environment ID             serve this environment id (a lower-case UUID); repeatable;
                               default 9b3c7c1e-2f4a-4c55-8d0e-7a6f1b2c3d4e
  --seed-demo                  pre-create a few demo users in the first environment
  --quiet                      no per-request log lines
  --custom-fields FILE         a JSON array of custom fields (SPEC section 6) every
                               environment has; PUT /__emulator/environments/{id}/custom-fields
                               changes one environment's at run time
Rate limit and faults (also changeable at run time through PUT /__emulator/faults):
  --bulk-requests-per-minute N bulk-create requests admitted per client IP in a sliding
                               minute; more get 429 + Retry-After (default 150, the API's;
                               0 = no limit)
  --rate-limit-body json|text  body of 429 answers: the API's JSON (default) or plain text,
                               as some proxies send
  --fail-rate F                fraction of API requests answered 500/503 (default 0)
  --rate-limit F               fraction of API requests answered 429 (default 0)
  --retry-after-secs N         Retry-After of those 429 answers (default 1)
  --latency-ms N               delay added to every API request (default 0)
  --drop-after-commit-rate F   fraction of bulk/PUT requests committed, then the connection
                               closed without a response (default 0)
  --max-body-bytes N           bodies larger than this get 413 (default 10485760)
  --seed N                     seed of the fault PRNG (default 1)
  -h, --help                   this text
";

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Run(Box<Config>),
    Help,
}

fn num<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse().map_err(|_| format!("{flag}: not a valid number: {v:?}"))
}

/// Parses flags (`--flag value` or `--flag=value`).
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let mut cfg = Config::default();
    let mut envs: Vec<String> = Vec::new();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--seed-demo" => cfg.seed_demo = true,
            "--quiet" => cfg.quiet = true,
            _ => {
                let mut value = || inline.clone().or_else(|| it.next()).ok_or_else(|| format!("{flag} needs a value"));
                match flag.as_str() {
                    "--port" => cfg.port = num(&flag, &value()?)?,
                    "--host" => cfg.host = value()?,
                    "--db" => cfg.db = Some(PathBuf::from(value()?)),
                    "--token" => {
                        cfg.token = value()?;
                        if cfg.token.is_empty() || cfg.token.contains(char::is_whitespace) {
                            return Err("--token must be non-empty without spaces".into());
                        }
                    }
                    "--environment" => {
                        let e = value()?;
                        // The API's paths take only its uuid pattern: any other id could never be reached.
                        if !is_uuid(&e) {
                            return Err(format!("--environment {e:?}: must be a lower-case UUID"));
                        }
                        if !envs.contains(&e) {
                            envs.push(e);
                        }
                    }
                    "--custom-fields" => {
                        let path = value()?;
                        let text =
                            std::fs::read_to_string(&path).map_err(|e| format!("--custom-fields {path}: {e}"))?;
                        let v: serde_json::Value =
                            serde_json::from_str(&text).map_err(|e| format!("--custom-fields {path}: {e}"))?;
                        crate::custom_fields::parse(&v).map_err(|e| format!("--custom-fields {path}: {}", e.error))?;
                        cfg.custom_fields = Some(v);
                    }
                    "--max-users-per-request" => {
                        return Err(
                            "--max-users-per-request is gone: the API's schema caps a bulk body at 50 users".into()
                        );
                    }
                    "--bulk-requests-per-minute" => cfg.faults.bulk_requests_per_minute = num(&flag, &value()?)?,
                    "--rate-limit-body" => {
                        cfg.faults.rate_limit_body = value()?.parse().map_err(|e| format!("--rate-limit-body: {e}"))?;
                    }
                    "--fail-rate" => cfg.faults.fail_rate = num(&flag, &value()?)?,
                    "--rate-limit" => cfg.faults.rate_limit = num(&flag, &value()?)?,
                    "--retry-after-secs" => cfg.faults.retry_after_secs = num(&flag, &value()?)?,
                    "--latency-ms" => cfg.faults.latency_ms = num(&flag, &value()?)?,
                    "--drop-after-commit-rate" => cfg.faults.drop_after_commit_rate = num(&flag, &value()?)?,
                    "--max-body-bytes" => cfg.faults.max_body_bytes = num(&flag, &value()?)?,
                    "--seed" => cfg.faults.seed = num(&flag, &value()?)?,
                    _ => return Err(format!("unknown flag {arg:?} (see --help)")),
                }
            }
        }
    }
    if !envs.is_empty() {
        cfg.environments = envs;
    }
    cfg.faults.validate()?;
    Ok(Command::Run(Box::new(cfg)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Config, String> {
        match parse_args(args.iter().map(|s| s.to_string()))? {
            Command::Run(c) => Ok(*c),
            Command::Help => Err("help".into()),
        }
    }

    #[test]
    fn defaults_and_flags() {
        let c = run(&[]).unwrap();
        assert_eq!(c.port, 8787);
        assert_eq!(c.environments, vec![DEMO_ENVIRONMENT_ID.to_string()]);
        assert_eq!(c.faults.bulk_requests_per_minute, 150);
        assert_eq!(c.faults.rate_limit_body, crate::faults::RateLimitBody::Json);
        let c = run(&[
            "--port=0",
            "--environment",
            "11111111-1111-4111-8111-111111111111",
            "--environment",
            "22222222-2222-4222-8222-222222222222",
            "--fail-rate",
            "0.25",
            "--seed",
            "9",
        ])
        .unwrap();
        assert_eq!(c.port, 0);
        assert_eq!(c.environments.len(), 2);
        assert_eq!(c.faults.fail_rate, 0.25);
        assert_eq!(c.faults.seed, 9);
        assert!(run(&["--fail-rate", "2"]).is_err());
        assert!(run(&["--environment", "short"]).is_err());
        assert!(run(&["--environment", "9B3C7C1E-2F4A-4C55-8D0E-7A6F1B2C3D4E"]).is_err(), "upper case");
        let c = run(&["--bulk-requests-per-minute", "0", "--rate-limit-body=text"]).unwrap();
        assert_eq!(c.faults.bulk_requests_per_minute, 0);
        assert_eq!(c.faults.rate_limit_body, crate::faults::RateLimitBody::Text);
        assert!(run(&["--rate-limit-body", "html"]).is_err());
        assert!(run(&["--bulk-requests-per-minute", "-1"]).is_err());
        assert!(run(&["--max-users-per-request", "10"]).unwrap_err().contains("50"));
        assert!(run(&["--bogus"]).is_err());
        assert!(run(&["--port"]).is_err());
    }
}
