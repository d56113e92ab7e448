//! A JSON body that must be an object. serde reads a struct from an array too (`[null, null]`
//! fills the first fields in order), so a body whose fields are all optional — a PATCH, an
//! invite — would accept an array as "change nothing". No client means that: it is a 422.

use serde::de::{DeserializeOwned, Error};
use serde::{Deserialize, Deserializer};

/// `web::Json<Object<T>>`: `T` read only from a JSON object.
#[derive(Debug)]
pub struct Object<T>(pub T);

impl<'de, T: DeserializeOwned> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        T::deserialize(serde_json::Value::Object(map))
            .map(Object)
            .map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use smartcal_types::UpdateAgendaRequest;

    #[test]
    fn only_an_object_is_read() {
        let patch: Object<UpdateAgendaRequest> =
            serde_json::from_str(r#"{"title":"Intro"}"#).unwrap();
        assert_eq!(patch.0.title.as_deref(), Some("Intro"));
        assert!(serde_json::from_str::<UpdateAgendaRequest>("[null, null]").is_ok());
        let array = serde_json::from_str::<Object<UpdateAgendaRequest>>("[null, null]");
        assert!(array.unwrap_err().to_string().contains("expected a map"));
    }
}
