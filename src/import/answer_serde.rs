//! The answer reader as it was: a serde seed over our JSON reader. Tests only: the plain walk
//! in answer.rs must accept, refuse and keep exactly what this did.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{keys, Entry, FailureParts, Keyed, Part, Picked, UserKeys};
use crate::json;

/// One JSON text read whole as `part`, as `answer::read` reads it.
pub(super) fn read<'de>(text: &'de str, part: Part, entries: &mut Vec<Keyed>) -> Option<Picked<'de>> {
    let mut reader = json::Reader::new(text);
    let value = Seed { part, entries }.deserialize(&mut reader).ok()?;
    reader.end().ok().map(|()| value)
}

/// Reads one part; `entries` collects the entries of the three lists as they are read.
struct Seed<'s> {
    part: Part,
    entries: &'s mut Vec<Keyed>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Picked<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Picked<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Seed<'_> {
    fn part(&mut self, part: Part) -> Seed<'_> {
        Seed { part, entries: self.entries }
    }

    /// Refuses what a derived struct refused: a value of the wrong kind.
    fn other<'de, E: serde::de::Error>(self) -> Result<Picked<'de>, E> {
        match self.part {
            Part::Text => Ok(Picked::None),
            _ => Err(E::custom("not a part of a bulk answer")),
        }
    }

    /// The known field `key` of the object that is `part`, by its position: 0, 1, 2.
    fn field(part: Part, key: &str) -> Option<usize> {
        let names = match part {
            Part::Answer => ["created", "updated", "failed"],
            Part::User { .. } => ["id", "email", "username"],
            _ => ["user", "code", "error"],
        };
        names.iter().position(|name| *name == key)
    }

    /// Field `i` of the object (or, as derived structs read arrays, the array) that is `part`.
    fn fill<'de, E: serde::de::Error>(
        &mut self,
        i: usize,
        read: impl FnOnce(Seed<'_>) -> Result<Picked<'de>, E>,
        user: &mut UserKeys<'de>,
        failure: &mut FailureParts<'de>,
    ) -> Result<(), E> {
        match self.part {
            Part::Answer => read(self.part(Part::List(i))).map(drop),
            Part::User { .. } => read(self.part(Part::Text)).map(|v| user[i] = v.text()),
            _ => {
                let part = if i == 0 { Part::User { optional: true } } else { Part::Text };
                let value = read(self.part(part))?;
                match i {
                    0 => failure.0 = value.user(),
                    1 => failure.1 = value.text(),
                    _ => failure.2 = value.text(),
                }
                Ok(())
            }
        }
    }

    fn finish<'de>(self, user: UserKeys<'de>, failure: FailureParts<'de>) -> Picked<'de> {
        match self.part {
            Part::User { .. } => Picked::User(user),
            Part::Failure => {
                let (user, code, error) = failure;
                let keys = user.map(|u| keys(u).0).unwrap_or_default();
                let code = code.filter(|c| !c.is_empty()).map_or_else(|| "unknown".into(), Cow::into_owned);
                let error = error.map(Cow::into_owned).unwrap_or_default();
                self.entries.push(Keyed { keys, entry: Entry::Failed { code, error } });
                Picked::None
            }
            _ => Picked::None,
        }
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Picked<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a bulk answer")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Picked<'de>, E> {
        match self.part {
            Part::Text => Ok(Picked::Text(Cow::Borrowed(v))),
            _ => self.other(),
        }
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Picked<'de>, E> {
        match self.part {
            Part::Text => Ok(Picked::Text(Cow::Owned(v.to_owned()))),
            _ => self.other(),
        }
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Picked<'de>, E> {
        match self.part {
            Part::User { optional: true } => Ok(Picked::None),
            _ => self.other(),
        }
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Picked<'de>, E> {
        self.other()
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Picked<'de>, E> {
        self.other()
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Picked<'de>, E> {
        self.other()
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Picked<'de>, E> {
        self.other()
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Picked<'de>, A::Error> {
        if matches!(self.part, Part::Text | Part::List(_)) {
            if self.part == Part::Text {
                IgnoredAny.visit_map(map)?;
            }
            return self.other();
        }
        let (mut user, mut failure, mut seen) = (Default::default(), Default::default(), [false; 3]);
        while let Some(json::Key(key)) = map.next_key()? {
            let Some(i) = Seed::field(self.part, &key) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            // As a derived struct: a field given twice refuses the value.
            if std::mem::replace(&mut seen[i], true) {
                return Err(A::Error::custom("duplicate field"));
            }
            self.fill(i, |seed| map.next_value_seed(seed), &mut user, &mut failure)?;
        }
        Ok(self.finish(user, failure))
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Picked<'de>, A::Error> {
        match self.part {
            Part::Text => {
                IgnoredAny.visit_seq(seq)?;
                Ok(Picked::None)
            }
            Part::List(list) => {
                let entry = if list == 2 { Part::Failure } else { Part::User { optional: false } };
                while let Some(user) = seq.next_element_seed(self.part(entry))? {
                    // A failure was listed by its own reading.
                    let Some(user) = user.user() else { continue };
                    let (keys, id) = keys(user);
                    let entry = if list == 0 { Entry::Created { id } } else { Entry::Updated { id } };
                    self.entries.push(Keyed { keys, entry });
                }
                Ok(Picked::None)
            }
            // Derived structs read an array by position; fields it lacks take their defaults.
            _ => {
                let (mut user, mut failure) = (Default::default(), Default::default());
                for i in 0..3 {
                    let mut last = false;
                    self.fill(
                        i,
                        |seed| match seq.next_element_seed(seed)? {
                            Some(value) => Ok(value),
                            None => {
                                last = true;
                                Ok(Picked::None)
                            }
                        },
                        &mut user,
                        &mut failure,
                    )?;
                    if last {
                        break;
                    }
                }
                Ok(self.finish(user, failure))
            }
        }
    }
}
