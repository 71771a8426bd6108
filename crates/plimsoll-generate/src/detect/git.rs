//! `Project::repository` from the `origin` remote in `.git/config` (https,
//! `ssh://` and scp-like `git@host:owner/name` forms; worktrees and
//! submodules whose `.git` is a file pointing elsewhere).

use crate::model::{GitHost, Repository};
use std::path::{Path, PathBuf};

const MAX: u64 = 256 * 1024;

fn read_small(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > MAX {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// The git directory's config file.
fn config_path(root: &Path) -> Option<PathBuf> {
    let dot_git = root.join(".git");
    if dot_git.is_dir() {
        return Some(dot_git.join("config"));
    }
    // A worktree or submodule: `.git` is a file `gitdir: <path>`.
    let text = read_small(&dot_git)?;
    let gitdir = text.lines().find_map(|l| l.strip_prefix("gitdir:"))?.trim();
    let gitdir = root.join(gitdir);
    let common = read_small(&gitdir.join("commondir"))
        .map_or_else(|| gitdir.clone(), |c| gitdir.join(c.trim()));
    Some(common.join("config"))
}

pub(crate) fn repository(root: &Path) -> Repository {
    let Some(text) = config_path(root).and_then(|p| read_small(&p)) else {
        return Repository::default();
    };
    let mut in_origin = false;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            in_origin = l.replace(' ', "") == "[remote\"origin\"]";
        } else if in_origin
            && let Some((k, v)) = l.split_once('=')
            && k.trim() == "url"
        {
            return parse_remote(v.trim());
        }
    }
    Repository::default()
}

/// Host and `owner/name` slug from a remote URL.
pub(crate) fn parse_remote(url: &str) -> Repository {
    let rest = if let Some((_, r)) = url.split_once("://") {
        // https://[user@]host[:port]/path, ssh://git@host[:port]/path
        r.split_once('@')
            .filter(|(u, _)| !u.contains('/'))
            .map_or(r, |(_, h)| h)
            .to_owned()
    } else if let Some((user_host, path)) = url.split_once(':') {
        // scp-like git@host:owner/name.git
        let host = user_host.rsplit('@').next().unwrap_or(user_host);
        format!("{host}/{path}")
    } else {
        return Repository {
            url: Some(url.to_owned()),
            ..Repository::default()
        };
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest.as_str(), ""));
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let slug = path
        .trim_matches('/')
        .trim_end_matches(".git")
        .trim_matches('/')
        .to_owned();
    let kind = if host == "github.com" || host.ends_with(".github.com") {
        GitHost::Github
    } else if host == "gitlab.com" || host.starts_with("gitlab.") {
        GitHost::Gitlab
    } else {
        GitHost::Other
    };
    let clean_url = if url.contains("://") && url.contains('@') && url.starts_with("http") {
        // Never echo credentials embedded in an https remote.
        format!("https://{host}/{slug}.git")
    } else {
        url.to_owned()
    };
    Repository {
        host: Some(kind),
        slug: (!slug.is_empty()).then_some(slug),
        url: Some(clean_url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remotes() {
        let r = parse_remote("git@gitlab.com:group/sub/app.git");
        assert_eq!(r.host, Some(GitHost::Gitlab));
        assert_eq!(r.slug.as_deref(), Some("group/sub/app"));
        let r = parse_remote("https://github.com/acme/app");
        assert_eq!(r.slug.as_deref(), Some("acme/app"));
        let r = parse_remote("ssh://git@github.com:22/acme/app.git/");
        assert_eq!(
            (r.host, r.slug.as_deref()),
            (Some(GitHost::Github), Some("acme/app"))
        );
        let r = parse_remote("https://user:secret@github.com/acme/app.git");
        assert_eq!(r.url.as_deref(), Some("https://github.com/acme/app.git"));
        let r = parse_remote("/srv/git/app.git");
        assert_eq!((r.host, r.slug), (None, None));
    }
}
