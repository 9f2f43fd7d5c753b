//! Media types: how the client treats each, and which one it uses when a
//! body or response offers several.

use indexmap::IndexMap;
use openapiv3::MediaType;

pub(super) const JSON: &str = "application/json";

/// How the client treats a media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum MediaKind {
    Json,
    Form,
    Multipart,
    Text,
    Other,
}

impl MediaKind {
    pub(super) fn of(media_type: &str) -> MediaKind {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence == JSON || essence.ends_with("+json") || essence == "*/*" {
            MediaKind::Json
        } else if essence == "application/x-www-form-urlencoded" {
            MediaKind::Form
        } else if essence == "multipart/form-data" {
            MediaKind::Multipart
        } else if essence.starts_with("text/") {
            MediaKind::Text
        } else {
            MediaKind::Other
        }
    }
}

/// The media type the client uses when a body offers several: JSON first,
/// then form, multipart, text, and the first of the others.
pub(super) fn preferred_media_type(
    content: &IndexMap<String, MediaType>,
) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .enumerate()
        .min_by_key(|(index, (media_type, _))| (MediaKind::of(media_type), *index))
        .map(|(_, (media_type, content))| (media_type.as_str(), content))
}

pub(in crate::ir) fn is_json(media_type: &str) -> bool {
    MediaKind::of(media_type) == MediaKind::Json
}
