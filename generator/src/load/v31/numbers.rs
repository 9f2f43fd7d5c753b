//! Numeric bounds: 3.1's numeric `exclusiveMinimum`/`exclusiveMaximum` →
//! 3.0's `minimum` with `exclusiveMinimum: true`; and bounds that the 3.0
//! model cannot hold (a string, a float bound of an integer, an integer
//! beyond 64 bits) are dropped rather than stop generation: they only
//! restrict values.

use super::{Cx, Why};
use crate::pointer::push_pointer;
use serde_yaml::{Mapping, Number, Value};

/// Bounds that are counts (`usize` in the model).
const COUNTS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

pub(super) fn bounds(schema: &mut Mapping, pointer: &str, cx: &mut Cx) {
    exclusive(schema, "exclusiveMinimum", "minimum", pointer, cx);
    exclusive(schema, "exclusiveMaximum", "maximum", pointer, cx);
    let integer = schema.get("type").and_then(Value::as_str) == Some("integer");
    for keyword in ["minimum", "maximum", "multipleOf"] {
        let Some(value) = schema.get(keyword) else {
            continue;
        };
        let fitted = if integer {
            as_i64(value).map(Value::from)
        } else {
            value
                .as_f64()
                .filter(|n| n.is_finite())
                .map(|_| value.clone())
        };
        replace_or_drop(schema, keyword, fitted, pointer, cx);
    }
    for &keyword in COUNTS {
        let Some(value) = schema.get(keyword) else {
            continue;
        };
        let fitted = as_i64(value)
            .filter(|n| *n >= 0)
            .map(|n| Value::Number(Number::from(n as u64)));
        replace_or_drop(schema, keyword, fitted, pointer, cx);
    }
}

/// A numeric exclusive bound → the inclusive keyword and the 3.0 flag; a
/// boolean one is 3.0's own, and stays.
fn exclusive(
    schema: &mut Mapping,
    keyword: &'static str,
    inclusive: &str,
    pointer: &str,
    cx: &mut Cx,
) {
    match schema.get(keyword) {
        None | Some(Value::Bool(_)) => {}
        Some(Value::Number(bound)) if bound.as_f64().is_some_and(f64::is_finite) => {
            let bound = Value::Number(bound.clone());
            schema.insert(inclusive.into(), bound);
            schema.insert(keyword.into(), true.into());
        }
        Some(_) => {
            schema.shift_remove(keyword);
            cx.ignore(keyword, Why::OddNumber, &push_pointer(pointer, keyword));
        }
    }
}

fn replace_or_drop(
    schema: &mut Mapping,
    keyword: &'static str,
    fitted: Option<Value>,
    pointer: &str,
    cx: &mut Cx,
) {
    match fitted {
        Some(value) => {
            schema.insert(keyword.into(), value);
        }
        None => {
            schema.shift_remove(keyword);
            cx.ignore(keyword, Why::OddNumber, &push_pointer(pointer, keyword));
        }
    }
}

/// A number with an integral value that fits in an `i64` (`1.0` does).
fn as_i64(value: &Value) -> Option<i64> {
    if let Some(n) = value.as_i64() {
        return Some(n);
    }
    let n = value.as_f64()?;
    // `i64::MAX as f64` rounds up to 2^63, which does not fit.
    let fits = n.fract() == 0.0 && n >= i64::MIN as f64 && n < i64::MAX as f64;
    fits.then_some(n as i64)
}
