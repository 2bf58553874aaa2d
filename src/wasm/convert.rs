//! Reading JS option bags safely. Values go the other way as JSON text (`json::Writer`, then
//! `JSON.parse`), so no serializer is in either module. Only the `csv` and `client` builds use it.

#[cfg(feature = "csv")]
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

#[cfg(feature = "client")]
use web_sys::AbortSignal;

#[cfg(feature = "csv")]
use crate::client::ClientError;
#[cfg(feature = "csv")]
use crate::validate::{did_you_mean, echo};

#[cfg(feature = "csv")]
#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, which throws for a proxy whose trap throws.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> Result<js_sys::Array, JsValue>;

    /// `Object.hasOwn`, which throws for a proxy whose trap throws.
    #[wasm_bindgen(js_namespace = Object, js_name = hasOwn, catch)]
    fn has_own(value: &JsValue, key: &JsValue) -> Result<bool, JsValue>;
}

/// Reads `key` of an options object if it is the object's own: an inherited one (a polluted
/// `Object.prototype.baseUrl` sending the token elsewhere, a `skipValidation` flipped) is absent.
/// `Err` when the getter or proxy throws.
#[cfg(feature = "csv")]
pub fn get(object: &JsValue, key: &str) -> Result<JsValue, ()> {
    if object.is_undefined() || object.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    if !object.is_object() {
        return Err(());
    }
    let key = JsValue::from_str(key);
    match has_own(object, &key).map_err(drop)? {
        true => Reflect::get(object, &key).map_err(drop),
        false => Ok(JsValue::UNDEFINED),
    }
}

/// Refuses an options object with an own key that is not one of `known`: options are checked as
/// strictly as data, so a misspelt `baseURL` does not quietly leave the default (production) in
/// place. `unreadable` when listing the keys threw (a proxy).
#[cfg(feature = "csv")]
pub fn check_option_names(
    options: &JsValue,
    known: &[&str],
    call: &str,
    unreadable: fn() -> ClientError,
) -> Result<(), ClientError> {
    if !options.is_object() {
        return Ok(());
    }
    for key in object_keys(options).map_err(|_| unreadable())?.iter() {
        let Some(key) = key.as_string().filter(|key| !known.contains(&key.as_str())) else { continue };
        let hint = match did_you_mean(&key, known) {
            Some(meant) => crate::text::cat(&["did you mean \"", meant, "\"?"]),
            None => crate::text::cat(&["it takes ", &known.join(", "), "."]),
        };
        return Err(ClientError::config(crate::text::cat(&[call, " has no option ", &echo(&key), ": ", &hint])));
    }
    Ok(())
}

/// A boolean option: `false` when absent.
#[cfg(feature = "csv")]
pub fn flag(value: &JsValue, key: &str) -> Result<bool, ClientError> {
    if value.is_undefined() {
        return Ok(false);
    }
    value.as_bool().ok_or_else(|| ClientError::config(crate::text::cat(&["options.", key, " must be true or false."])))
}

/// The `signal` option: an `AbortSignal`, or none when absent or null.
#[cfg(feature = "client")]
pub fn signal_option(value: JsValue) -> Result<Option<AbortSignal>, ClientError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if !super::timer::is_abort_signal(&value) {
        return Err(ClientError::config("options.signal must be an AbortSignal (from an AbortController, or AbortSignal.timeout()); this one is not one, or cannot be read."));
    }
    Ok(Some(value.unchecked_into()))
}
