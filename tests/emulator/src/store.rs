//! SQLite storage: one row per user with its environment, id, lower-cased email and
//! username (unique per environment, enforced by the database) and the JSON document.

use crate::custom_fields::{Field, Refusal};
use crate::user::{apply, new_doc, unique_keys};
use rusqlite::{Connection, ErrorCode, OptionalExtension, params};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS users (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    environment_id TEXT NOT NULL,
    email_lc       TEXT,
    username_lc    TEXT,
    doc            TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS users_env_email
    ON users(environment_id, email_lc) WHERE email_lc IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS users_env_username
    ON users(environment_id, username_lc) WHERE username_lc IS NOT NULL;
CREATE INDEX IF NOT EXISTS users_env_seq ON users(environment_id, seq);
";

pub struct Store {
    conn: Mutex<Connection>,
}

/// What happened to one bulk item.
#[derive(Debug)]
pub enum Outcome {
    Created(Value),
    Updated(Value),
    Failed { code: &'static str, error: String },
}

#[derive(Debug)]
pub enum UpdateError {
    NotFound,
    UsernameTaken,
    /// A custom field's rule or uniqueness (the API's code and message).
    CustomField(Refusal),
    Db(rusqlite::Error),
}

impl From<rusqlite::Error> for UpdateError {
    fn from(e: rusqlite::Error) -> Self {
        UpdateError::Db(e)
    }
}

fn conflict(code: &'static str) -> Outcome {
    let error = match code {
        "email_already_exists" => "A user with this email already exists in this environment",
        "username_already_exists" => "A user with this username already exists in this environment",
        _ => "A user with this id already exists",
    };
    Outcome::Failed { code, error: error.into() }
}

/// Maps a UNIQUE violation to the API code, from the columns SQLite names.
fn unique_violation(e: &rusqlite::Error) -> Option<&'static str> {
    match e {
        rusqlite::Error::SqliteFailure(f, Some(msg)) if f.code == ErrorCode::ConstraintViolation => {
            Some(if msg.contains("email_lc") {
                "email_already_exists"
            } else if msg.contains("username_lc") {
                "username_already_exists"
            } else {
                "duplicate_exists"
            })
        }
        _ => None,
    }
}

type Row = (i64, Value);

fn find(conn: &Connection, sql: &str, a: &str, b: &str) -> rusqlite::Result<Option<Row>> {
    conn.query_row(sql, params![a, b], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .optional()?
        .map(|(seq, doc)| {
            serde_json::from_str(&doc)
                .map(|v| (seq, v))
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
        })
        .transpose()
}

/// The first custom field `doc` breaks: its rules, then uniqueness across the environment's other
/// users (not `seq`), which the API answers with `custom_field_data_not_unique`.
fn custom_refusal(
    conn: &Connection,
    env: &str,
    fields: &[Field],
    doc: &Value,
    seq: i64,
) -> rusqlite::Result<Option<Refusal>> {
    let metadata = doc.get("metadata").and_then(Value::as_object);
    for f in fields {
        if let Err(r) = f.check(metadata) {
            return Ok(Some(r));
        }
        if let Some(v) = f.unique_value(metadata) {
            let hit = conn
                .query_row(
                    "SELECT 1 FROM users WHERE environment_id = ?1 AND json_extract(doc, ?2) = ?3 AND seq <> ?4",
                    params![env, f.json_path(), v, seq],
                    |_| Ok(()),
                )
                .optional()?;
            if hit.is_some() {
                return Ok(Some(Refusal {
                    code: "custom_field_data_not_unique",
                    error: format!("Another user in this environment has the same {}", f.name),
                }));
            }
        }
    }
    Ok(None)
}

/// Another user (not `seq`) in `env` holding this lower-cased key in `column`?
fn taken(conn: &Connection, env: &str, column: &str, key: &str, seq: i64) -> rusqlite::Result<bool> {
    let sql = format!("SELECT 1 FROM users WHERE environment_id = ?1 AND {column} = ?2 AND seq <> ?3");
    Ok(conn.query_row(&sql, params![env, key, seq], |_| Ok(())).optional()?.is_some())
}

impl Store {
    /// Opens the database file, or an in-memory database when `path` is `None`.
    pub fn open(path: Option<&Path>) -> rusqlite::Result<Store> {
        let conn = match path {
            Some(p) => {
                let c = Connection::open(p)?;
                c.pragma_update(None, "journal_mode", "WAL")?;
                c.pragma_update(None, "synchronous", "NORMAL")?;
                c
            }
            None => Connection::open_in_memory()?,
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Store { conn: Mutex::new(conn) })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Processes the valid items of one bulk request in one transaction, each held to the
    /// environment's custom `fields` (an earlier item of the request counts for uniqueness).
    pub fn bulk(
        &self,
        env: &str,
        items: &[&Map<String, Value>],
        upsert: bool,
        now: &str,
        fields: &[Field],
    ) -> rusqlite::Result<Vec<Outcome>> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(Self::bulk_one(&tx, env, item, upsert, now, fields)?);
        }
        tx.commit()?;
        Ok(out)
    }

    fn bulk_one(
        conn: &Connection,
        env: &str,
        item: &Map<String, Value>,
        upsert: bool,
        now: &str,
        fields: &[Field],
    ) -> rusqlite::Result<Outcome> {
        let id = item.get("id").and_then(Value::as_str);
        let email_lc = item.get("email").and_then(Value::as_str).map(str::to_lowercase);
        let existing = if upsert {
            let by_id = match id {
                Some(id) => find(conn, "SELECT seq, doc FROM users WHERE environment_id = ?1 AND id = ?2", env, id)?,
                None => None,
            };
            match (by_id, &email_lc) {
                (Some(row), _) => Some(row),
                (None, Some(e)) => {
                    find(conn, "SELECT seq, doc FROM users WHERE environment_id = ?1 AND email_lc = ?2", env, e)?
                }
                (None, None) => None,
            }
        } else {
            None
        };

        if let Some((seq, mut doc)) = existing {
            apply(&mut doc, item, now);
            doc["newUser"] = Value::Bool(false);
            if let Some(Refusal { code, error }) = custom_refusal(conn, env, fields, &doc, seq)? {
                return Ok(Outcome::Failed { code, error });
            }
            let (e, u) = unique_keys(&doc);
            if let Some(e) = &e
                && taken(conn, env, "email_lc", e, seq)?
            {
                return Ok(conflict("email_already_exists"));
            }
            if let Some(u) = &u
                && taken(conn, env, "username_lc", u, seq)?
            {
                return Ok(conflict("username_already_exists"));
            }
            let res = conn.execute(
                "UPDATE users SET email_lc = ?1, username_lc = ?2, doc = ?3, updated_at = ?4
                 WHERE seq = ?5",
                params![e, u, doc.to_string(), now, seq],
            );
            return match res {
                Ok(_) => Ok(Outcome::Updated(doc)),
                Err(err) => unique_violation(&err).map(conflict).ok_or(err),
            };
        }

        let doc = new_doc(env, item, now);
        if let Some(Refusal { code, error }) = custom_refusal(conn, env, fields, &doc, -1)? {
            return Ok(Outcome::Failed { code, error });
        }
        let (e, u) = unique_keys(&doc);
        if let Some(e) = &e
            && taken(conn, env, "email_lc", e, -1)?
        {
            return Ok(conflict("email_already_exists"));
        }
        if let Some(u) = &u
            && taken(conn, env, "username_lc", u, -1)?
        {
            return Ok(conflict("username_already_exists"));
        }
        let res = conn.execute(
            "INSERT INTO users (id, environment_id, email_lc, username_lc, doc, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![doc["id"].as_str(), env, e, u, doc.to_string(), now],
        );
        match res {
            Ok(_) => Ok(Outcome::Created(doc)),
            Err(err) => unique_violation(&err).map(conflict).ok_or(err),
        }
    }

    /// Applies validated update fields to the user `id`: of environment `env` when given, of
    /// any environment otherwise (the legacy path names no environment). A body with `metadata`
    /// is held to the custom fields of the user's environment (`custom(env)`).
    pub fn update_user(
        &self,
        id: &str,
        env: Option<&str>,
        fields: &Map<String, Value>,
        now: &str,
        custom: impl FnOnce(&str) -> std::sync::Arc<Vec<Field>>,
    ) -> Result<Value, UpdateError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let row = tx
            .query_row("SELECT seq, environment_id, doc FROM users WHERE id = ?1", params![id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
            })
            .optional()?;
        let Some((seq, env, doc)) = row.filter(|(_, user_env, _)| env.is_none_or(|e| e == user_env)) else {
            return Err(UpdateError::NotFound);
        };
        let mut doc: Value =
            serde_json::from_str(&doc).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        apply(&mut doc, fields, now);
        if fields.contains_key("metadata")
            && let Some(r) = custom_refusal(&tx, &env, &custom(&env), &doc, seq)?
        {
            return Err(UpdateError::CustomField(r));
        }
        let (e, u) = unique_keys(&doc);
        if let Some(u) = &u
            && taken(&tx, &env, "username_lc", u, seq)?
        {
            return Err(UpdateError::UsernameTaken);
        }
        let res = tx.execute(
            "UPDATE users SET email_lc = ?1, username_lc = ?2, doc = ?3, updated_at = ?4 WHERE seq = ?5",
            params![e, u, doc.to_string(), now, seq],
        );
        if let Err(err) = res {
            return Err(match unique_violation(&err) {
                Some("username_already_exists") => UpdateError::UsernameTaken,
                _ => UpdateError::Db(err),
            });
        }
        tx.commit()?;
        Ok(doc)
    }

    /// All users of an environment, oldest first.
    pub fn list(&self, env: &str) -> rusqlite::Result<Vec<Value>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached("SELECT doc FROM users WHERE environment_id = ?1 ORDER BY seq")?;
        let rows = stmt.query_map(params![env], |r| r.get::<_, String>(0))?;
        rows.map(|r| {
            r.and_then(|s| serde_json::from_str(&s).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e))))
        })
        .collect()
    }

    /// Deletes every user of an environment; returns how many.
    pub fn clear(&self, env: &str) -> rusqlite::Result<usize> {
        self.lock().execute("DELETE FROM users WHERE environment_id = ?1", params![env])
    }

    /// Number of users per environment.
    pub fn counts(&self) -> rusqlite::Result<BTreeMap<String, u64>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached("SELECT environment_id, COUNT(*) FROM users GROUP BY environment_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?;
        rows.collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: &Value) -> &Map<String, Value> {
        v.as_object().unwrap()
    }

    #[test]
    fn database_enforces_case_insensitive_uniqueness() {
        let s = Store::open(None).unwrap();
        let a = json!({"email": "A@x.co", "username": "Ann"});
        let b = json!({"email": "a@X.co"});
        let c = json!({"email": "c@x.co", "username": "ANN"});
        let out = s.bulk("e1", &[obj(&a), obj(&b), obj(&c)], false, "t", &[]).unwrap();
        assert!(matches!(out[0], Outcome::Created(_)));
        assert!(matches!(out[1], Outcome::Failed { code: "email_already_exists", .. }));
        assert!(matches!(out[2], Outcome::Failed { code: "username_already_exists", .. }));
        // Other environment: no conflict.
        let out = s.bulk("e2", &[obj(&b)], false, "t", &[]).unwrap();
        assert!(matches!(out[0], Outcome::Created(_)));
        // The raw index rejects a duplicate too.
        let conn = s.lock();
        let err = conn
            .execute(
                "INSERT INTO users (id, environment_id, email_lc, doc, created_at, updated_at)
                 VALUES ('x', 'e1', 'a@x.co', '{}', 't', 't')",
                [],
            )
            .unwrap_err();
        assert_eq!(unique_violation(&err), Some("email_already_exists"));
    }
}
