use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `RUN chown -R` on files that an earlier `COPY` or `ADD` of the
    /// same stage put there.
    ///
    /// ## Why is this bad?
    /// Changing ownership rewrites every file into a new layer, so the files
    /// are stored twice. `COPY --chown=<uid>:<gid>` sets the owner as the
    /// files are copied.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY . /app
    /// RUN chown -R node:node /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY --chown=node:node . /app
    /// ```
    ///
    /// ## References
    /// - Practice D14 (`COPY --chown` instead of a later `chown -R` layer).
    pub struct ChownInSeparateRun {
        code: "DF088",
        name: "chown-in-separate-run",
        summary: "chown -R after COPY duplicates the files in a new layer",
        severity: Warning,
        category: Efficiency,
        practices: ["D14"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for ChownInSeparateRun {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for stage in &df.stages {
            let mut copied: Vec<String> = Vec::new();
            for inst in df.stage_instructions(stage) {
                match &inst.body {
                    Body::Copy(c) | Body::Add(c) => {
                        copied.push(c.dest.value.trim_end_matches('/').to_string());
                    }
                    Body::Run(_) => {
                        let Some(script) = inst.script() else {
                            continue;
                        };
                        for chown in script.commands_named("chown") {
                            if !chown.has_flag(&["-R", "--recursive"]) {
                                continue;
                            }
                            let paths = chown.positionals(&["--from", "--reference"]);
                            let hit = paths.iter().skip(1).find(|p| {
                                let p = p.value.trim_end_matches('/');
                                copied
                                    .iter()
                                    .any(|c| c == p || c.starts_with(&format!("{p}/")))
                            });
                            if let Some(path) = hit {
                                out.add(chown.span(), format!("`chown -R` rewrites `{}`, copied earlier, into a new layer", path.value))
                                    .help("set the owner while copying: `COPY --chown=<uid>:<gid> ...`");
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}
