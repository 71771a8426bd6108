//! One parse per file content: the linter and the Helm engine both read a
//! chart's `values.yaml` and its overlays (a large bitnami values file is
//! ~2 M instructions to parse); whoever parses first shares the tree.
//!
//! The cache holds weak references, so it never keeps a tree alive by
//! itself: a tree is shared while some user (typically the linter's parsed
//! file) still holds it.

use super::YamlFile;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

/// Smaller texts parse faster than a lookup is worth.
const MIN_SHARED_LEN: usize = 2048;

type Key = (usize, u64);

fn cache() -> &'static Mutex<HashMap<Key, Weak<YamlFile>>> {
    static CACHE: OnceLock<Mutex<HashMap<Key, Weak<YamlFile>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// A fast 64-bit hash of the bytes (multiply-xor over 8-byte words);
/// with the length it identifies a file's content for this cache.
fn key(text: &str) -> Key {
    let mut hash: u64 = 0x9e37_79b9_7f4a_7c15 ^ text.len() as u64;
    let mut words = text.as_bytes().chunks_exact(8);
    for word in &mut words {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(word);
        hash = (hash ^ u64::from_le_bytes(buf)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        hash ^= hash >> 32;
    }
    for &byte in words.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    }
    (text.len(), hash ^ (hash >> 29))
}

/// Parses `text` with the default limits, or returns the tree of an equal
/// text parsed earlier and still in use.
pub fn parse_shared(text: &str) -> Arc<YamlFile> {
    if text.len() < MIN_SHARED_LEN {
        return Arc::new(YamlFile::parse(text));
    }
    let key = key(text);
    if let Some(tree) = cache()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .and_then(Weak::upgrade)
    {
        return tree;
    }
    let tree = Arc::new(YamlFile::parse(text));
    let mut map = cache().lock().unwrap_or_else(PoisonError::into_inner);
    // Dead entries go when the map would grow past twice the live ones.
    if map.len() >= 64 && map.len().is_power_of_two() {
        map.retain(|_, weak| weak.strong_count() > 0);
    }
    map.insert(key, Arc::downgrade(&tree));
    tree
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_a_tree_while_it_is_held() {
        let text = format!("a: 1\n{}", "# padding comment\n".repeat(200));
        let first = parse_shared(&text);
        let second = parse_shared(&text);
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(second.documents.len(), 1);
        drop((first, second));
        // Nobody holds it: a new parse, still correct.
        let third = parse_shared(&text);
        assert_eq!(
            third.str(third.get(third.documents[0].root.unwrap(), "a").unwrap()),
            Some("1")
        );
        let other = parse_shared(&text.replace("a: 1", "a: 2"));
        assert!(!Arc::ptr_eq(&third, &other));
    }
}
