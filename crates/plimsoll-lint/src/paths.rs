//! Path helpers.

use std::path::{Component, Path, PathBuf};

/// An absolute path with `.` and `..` resolved lexically (symlinks are not
/// followed), so that walking up from `../x` visits real parents.
pub fn normalize(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_dot_dot_lexically() {
        assert_eq!(
            normalize(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
        assert!(normalize(Path::new("x/../y")).ends_with("y"));
        assert!(
            !normalize(Path::new("x/../y"))
                .to_string_lossy()
                .contains("..")
        );
    }
}
