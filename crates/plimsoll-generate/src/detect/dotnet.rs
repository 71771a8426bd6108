//! .NET: the `*.csproj` (SDK `Microsoft.NET.Sdk.Web` → ASP.NET Core,
//! `TargetFramework`, `AssemblyName`, package references), NuGet lock file
//! (`packages.lock.json`, C01), health routes from `MapHealthChecks`.

use super::provider::{
    BackingTable, Candidate, Provider, Scope, add_backing, base, field, find_routes, found,
    major_minor, xml_tag,
};
use super::tree::{Tree, join};
use crate::model::{BackingService, Confidence, Fact, Framework, Language, PackageManager};

pub(crate) struct DotNet;

const BACKING: BackingTable = &[
    ("npgsql*", BackingService::Postgres),
    ("stackexchange.redis", BackingService::Redis),
    (
        "microsoft.extensions.caching.stackexchangeredis",
        BackingService::Redis,
    ),
    ("mysqlconnector", BackingService::Mysql),
    ("pomelo.entityframeworkcore.mysql", BackingService::Mysql),
    ("mongodb.driver", BackingService::Mongodb),
    ("rabbitmq.client", BackingService::Rabbitmq),
];

impl Provider for DotNet {
    fn language(&self) -> Language {
        Language::DotNet
    }

    fn detect(&self, tree: &Tree, scope: &Scope<'_>) -> Option<Candidate> {
        let dir = scope.dir;
        let csproj = tree
            .children(dir)
            .into_iter()
            .find(|f| f.ends_with(".csproj"))?
            .clone();
        let text = tree.read(&csproj)?;
        let stem = csproj
            .rsplit('/')
            .next()
            .and_then(|f| f.strip_suffix(".csproj"))
            .unwrap_or("app")
            .to_owned();
        let assembly = xml_tag(&text, "AssemblyName").map_or(stem.clone(), str::to_owned);
        let version =
            match xml_tag(&text, "TargetFramework").and_then(|t| major_minor(t).map(|v| (v, t))) {
                Some((v, t)) => field(v, &csproj, "TargetFramework", t),
                None => Fact::guessed("8.0".to_owned(), "no TargetFramework: the current LTS"),
            };
        let lock = join(dir, "packages.lock.json");
        let locked = tree.exists(&lock);
        let pm = if locked {
            found(PackageManager::NuGet, &lock, "lockfile")
        } else {
            tree.note(format!(
                "{csproj}: no packages.lock.json: restores will not be reproducible; set RestorePackagesWithLockFile"
            ));
            found(PackageManager::NuGet, &csproj, "PackageReference")
        };
        let language = found(Language::DotNet, &csproj, "project file");
        let mut s = base(scope, language, version, pm, 8080);
        let web = text.contains("Microsoft.NET.Sdk.Web");
        let test = text.contains("Microsoft.NET.Test.Sdk");
        let deployable = web && !test;
        let packages: Vec<(String, String)> = text
            .split("<PackageReference")
            .skip(1)
            .filter_map(|r| {
                let i = r.find("Include=\"")? + "Include=\"".len();
                let name = &r[i..i + r[i..].find('"')?];
                Some((name.to_owned(), format!("PackageReference {name}")))
            })
            .collect();
        if web {
            s.framework = Some(found(
                Framework::AspNetCore,
                &csproj,
                "Sdk Microsoft.NET.Sdk.Web",
            ));
            s.port = Fact::guessed(
                8080,
                "ASP.NET Core 8+ container images listen on 8080 (ASPNETCORE_HTTP_PORTS)",
            );
            s.start_command = found(
                vec!["dotnet".to_owned(), format!("{assembly}.dll")],
                &csproj,
                format!("assembly {assembly}"),
            );
            s.build_command = Some(found(
                "dotnet publish -c Release -o /app/publish".to_owned(),
                &csproj,
                "project file",
            ));
            s.build_output = Some(found("publish".to_owned(), &csproj, "dotnet publish -o"));
        }
        s.test_command = Some(Fact::guessed("dotnet test".to_owned(), ".NET convention"));
        s.lint_command = Some(Fact::guessed(
            "dotnet format --verify-no-changes".to_owned(),
            ".NET convention",
        ));
        let (live, ready) = find_routes(tree, dir, &[".cs"]);
        if let Some(l) = live {
            s.health_path = l;
        }
        if let Some(r) = ready {
            s.readiness_path = r;
        }
        if packages.iter().any(|(p, _)| {
            p.starts_with("prometheus-net") || p.starts_with("OpenTelemetry.Exporter.Prometheus")
        }) {
            s.metrics_path = Some(found(
                "/metrics".to_owned(),
                &csproj,
                "Prometheus exporter package",
            ));
        }
        add_backing(&mut s, BACKING, &packages, &csproj);
        s.confidence = match (deployable, locked) {
            (true, true) => Confidence::High,
            (true, false) => Confidence::Medium,
            _ => Confidence::Low,
        };
        let verdict = if deployable {
            format!("ASP.NET Core app {assembly}")
        } else if test {
            format!("{stem}: a test project")
        } else {
            format!("{stem}: a .NET project without the Web SDK (a library or console app)")
        };
        Some(Candidate {
            service: s,
            deployable,
            verdict,
        })
    }
}
