//! Command-line flags.

use crate::faults::FaultConfig;
use std::path::PathBuf;

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
    pub max_users_per_request: usize,
    pub faults: FaultConfig,
    /// No per-request log lines on stderr.
    pub quiet: bool,
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
            max_users_per_request: 1000,
            faults: FaultConfig::default(),
            quiet: false,
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
  --environment ID             serve this environment id (36 characters); repeatable;
                               default 9b3c7c1e-2f4a-4c55-8d0e-7a6f1b2c3d4e
  --seed-demo                  pre-create a few demo users in the first environment
  --max-users-per-request N    bulk requests with more users get 422 too_many_users (default 1000)
  --quiet                      no per-request log lines
Faults (also changeable at run time through PUT /__emulator/faults):
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
                        if e.chars().count() != 36 {
                            return Err(format!("--environment {e:?}: must be 36 characters"));
                        }
                        if !envs.contains(&e) {
                            envs.push(e);
                        }
                    }
                    "--max-users-per-request" => cfg.max_users_per_request = num(&flag, &value()?)?,
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
        assert!(run(&["--bogus"]).is_err());
        assert!(run(&["--port"]).is_err());
    }
}
