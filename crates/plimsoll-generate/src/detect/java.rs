//! Java: Maven (`pom.xml`, `mvnw`) and Gradle (`build.gradle(.kts)`,
//! `gradlew`), Spring Boot with actuator probe groups
//! (`/actuator/health/liveness|readiness`, K.. probes) and
//! micrometer-registry-prometheus (`/actuator/prometheus`), Java version from
//! `<java.version>` / toolchains, `server.port` from application properties.

use super::provider::{
    BackingTable, Candidate, Provider, Scope, add_backing, argv, base, field, found, major,
    xml_blocks, xml_tag, xml_without,
};
use super::tree::{Tree, join};
use crate::model::{BackingService, Confidence, Fact, Framework, Language, PackageManager};

pub(crate) struct Java;

const BACKING: BackingTable = &[
    ("org.postgresql:postgresql", BackingService::Postgres),
    ("redis.clients:jedis", BackingService::Redis),
    ("io.lettuce:lettuce-core", BackingService::Redis),
    (
        "org.springframework.boot:spring-boot-starter-data-redis*",
        BackingService::Redis,
    ),
    ("com.mysql:mysql-connector-j", BackingService::Mysql),
    ("mysql:mysql-connector-java", BackingService::Mysql),
    (
        "org.mariadb.jdbc:mariadb-java-client",
        BackingService::Mysql,
    ),
    (
        "org.springframework.boot:spring-boot-starter-data-mongodb*",
        BackingService::Mongodb,
    ),
    ("org.mongodb:*", BackingService::Mongodb),
    (
        "org.springframework.boot:spring-boot-starter-amqp",
        BackingService::Rabbitmq,
    ),
    ("com.rabbitmq:amqp-client", BackingService::Rabbitmq),
];

struct Build {
    file: String,
    pm: PackageManager,
    /// `group:artifact` of every dependency (and plugin) found.
    deps: Vec<String>,
    boot: Option<String>,
    version: Option<(String, String, String)>,
    name: Option<String>,
}

fn maven(tree: &Tree, dir: &str) -> Option<Build> {
    let file = join(dir, "pom.xml");
    let text = tree.read(&file)?;
    if !text.contains("<project") {
        tree.note(format!("{file} has no <project> element; it was ignored"));
        return None;
    }
    let clean = xml_without(&text, &[]);
    let parent = xml_blocks(&clean, "parent");
    let boot = parent
        .first()
        .filter(|p| xml_tag(p, "artifactId") == Some("spring-boot-starter-parent"))
        .map(|_| "spring-boot-starter-parent".to_owned())
        .or_else(|| {
            clean
                .contains("spring-boot-maven-plugin")
                .then(|| "spring-boot-maven-plugin".to_owned())
        });
    let mut deps = Vec::new();
    for block in xml_blocks(&clean, "dependency") {
        if let (Some(g), Some(a)) = (xml_tag(block, "groupId"), xml_tag(block, "artifactId")) {
            deps.push(format!("{g}:{a}"));
        }
    }
    let body = xml_without(
        &clean,
        &[
            "parent",
            "dependencies",
            "build",
            "dependencyManagement",
            "profiles",
        ],
    );
    let name = xml_tag(&body, "artifactId").map(str::to_owned);
    let version = [
        "java.version",
        "maven.compiler.release",
        "maven.compiler.source",
    ]
    .iter()
    .find_map(|t| xml_tag(&clean, t).map(|v| (t, v)))
    .and_then(|(t, v)| major(v).map(|m| (m, format!("<{t}>"), v.to_owned())));
    Some(Build {
        file,
        pm: PackageManager::Maven,
        deps,
        boot,
        version,
        name,
    })
}

fn gradle(tree: &Tree, dir: &str) -> Option<Build> {
    let file = ["build.gradle.kts", "build.gradle"]
        .iter()
        .map(|f| join(dir, f))
        .find(|f| tree.exists(f))?;
    let text = tree.read(&file)?;
    let boot = text
        .contains("org.springframework.boot")
        .then(|| "plugin org.springframework.boot".to_owned());
    let mut deps = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if let Some(q) = l.find(['"', '\'']) {
            let rest = &l[q + 1..];
            let coord = rest.split(['"', '\'']).next().unwrap_or("");
            let parts: Vec<&str> = coord.split(':').collect();
            if parts.len() >= 2 && parts[0].contains('.') {
                deps.push(format!("{}:{}", parts[0], parts[1]));
            }
        }
    }
    let version = [
        "JavaLanguageVersion.of(",
        "jvmToolchain(",
        "JavaVersion.VERSION_",
        "sourceCompatibility = '",
    ]
    .iter()
    .find_map(|needle| {
        let i = text.find(needle)?;
        let after: String = text[i + needle.len()..].chars().take(4).collect();
        let v = major(&after)?;
        let line = text[i..].lines().next().unwrap_or("").trim().to_owned();
        Some((v, "java toolchain".to_owned(), line))
    });
    let name = ["settings.gradle.kts", "settings.gradle"]
        .iter()
        .find_map(|f| tree.read(&join(dir, f)))
        .and_then(|t| {
            let i = t.find("rootProject.name")?;
            let rest = &t[i..];
            let q = rest.find(['"', '\''])?;
            let rest = &rest[q + 1..];
            Some(rest[..rest.find(['"', '\''])?].to_owned())
        });
    Some(Build {
        file,
        pm: PackageManager::Gradle,
        deps,
        boot,
        version,
        name,
    })
}

/// The Maven/Gradle project name, for the project name.
pub(crate) fn project_name(tree: &Tree) -> Option<String> {
    maven(tree, ".")
        .or_else(|| gradle(tree, "."))
        .and_then(|b| b.name)
}

impl Provider for Java {
    fn language(&self) -> Language {
        Language::Java
    }

    #[allow(clippy::too_many_lines)]
    fn detect(&self, tree: &Tree, scope: &Scope<'_>) -> Option<Candidate> {
        let dir = scope.dir;
        let build = maven(tree, dir).or_else(|| gradle(tree, dir))?;
        let version = match &build.version {
            Some((v, f, raw)) => field(v.clone(), &build.file, f, raw.clone()),
            None => Fact::guessed(
                "21".to_owned(),
                "no Java version in the build: the current LTS",
            ),
        };
        let (wrapper, cmd) = match build.pm {
            PackageManager::Maven => ("mvnw", "./mvnw -B"),
            _ => ("gradlew", "./gradlew --no-daemon"),
        };
        let wrapper_file = join(dir, wrapper);
        let has_wrapper = tree.exists(&wrapper_file);
        let cmd = if has_wrapper {
            cmd.to_owned()
        } else {
            tree.note(format!(
                "{}: no {wrapper} wrapper: the build tool version is not pinned; add the wrapper",
                build.file
            ));
            match build.pm {
                PackageManager::Maven => "mvn -B".to_owned(),
                _ => "gradle --no-daemon".to_owned(),
            }
        };
        let pm = if has_wrapper {
            found(build.pm, &wrapper_file, format!("{} wrapper", build.pm))
        } else {
            found(build.pm, &build.file, "build file")
        };
        let language = found(Language::Java, &build.file, format!("{} build", build.pm));
        let mut s = base(scope, language, version, pm, 8080);
        let evidence_for = |what: &str| (wrapper_file.clone(), what.to_owned());
        let (bfile, bwhat) = if has_wrapper {
            evidence_for(&format!("{} wrapper", build.pm))
        } else {
            (build.file.clone(), "build file".to_owned())
        };
        if build.pm == PackageManager::Maven {
            s.build_command = Some(found(
                format!("{cmd} package -DskipTests"),
                &bfile,
                bwhat.clone(),
            ));
            s.build_output = Some(found(
                "target/*.jar".to_owned(),
                &build.file,
                "packaging jar",
            ));
            s.test_command = Some(found(format!("{cmd} verify"), &bfile, bwhat));
        } else {
            s.build_command = Some(found(format!("{cmd} bootJar"), &bfile, bwhat.clone()));
            s.build_output = Some(found(
                "build/libs/*.jar".to_owned(),
                &build.file,
                "Spring Boot bootJar",
            ));
            s.test_command = Some(found(format!("{cmd} check"), &bfile, bwhat));
        }
        let has = |coord: &str| build.deps.iter().any(|d| d.ends_with(coord));
        let deployable = build.boot.is_some();
        if let Some(boot) = &build.boot {
            s.framework = Some(found(Framework::SpringBoot, &build.file, boot.clone()));
            s.start_command = found(
                argv(&["java", "-jar", "/app/app.jar"]),
                &build.file,
                "spring-boot executable jar",
            );
        }
        if has(":spring-boot-starter-actuator") {
            s.health_path = found(
                "/actuator/health/liveness".to_owned(),
                &build.file,
                "spring-boot-starter-actuator",
            );
            s.readiness_path = found(
                "/actuator/health/readiness".to_owned(),
                &build.file,
                "spring-boot-starter-actuator",
            );
        } else if deployable {
            tree.note(format!(
                "{}: add spring-boot-starter-actuator for liveness and readiness probes",
                build.file
            ));
        }
        if has(":micrometer-registry-prometheus") {
            s.metrics_path = Some(found(
                "/actuator/prometheus".to_owned(),
                &build.file,
                "micrometer-registry-prometheus",
            ));
        }
        let config: String = [
            "src/main/resources/application.properties",
            "src/main/resources/application.yml",
            "src/main/resources/application.yaml",
        ]
        .iter()
        .filter_map(|f| tree.read(&join(dir, f)))
        .collect();
        if has(":spring-boot-starter-actuator") && !config.contains("probes") {
            tree.note(format!(
                "{}: set management.endpoint.health.probes.enabled=true in the application config so the liveness/readiness groups also answer outside Kubernetes (compose healthcheck)",
                join(dir, "src/main/resources")
            ));
        }
        if has(":micrometer-registry-prometheus") && !config.contains("prometheus") {
            tree.note(format!(
                "{}: add prometheus to management.endpoints.web.exposure.include in the application config or /actuator/prometheus answers 404",
                join(dir, "src/main/resources")
            ));
        }
        if let Some(p) = server_port(tree, dir) {
            s.port = p;
        } else if deployable {
            s.port = Fact::guessed(8080, "Spring Boot default server.port");
        }
        let deps: Vec<(String, String)> =
            build.deps.iter().map(|d| (d.clone(), d.clone())).collect();
        add_backing(&mut s, BACKING, &deps, &build.file);
        s.confidence = if deployable && has_wrapper {
            Confidence::High
        } else if deployable {
            Confidence::Medium
        } else {
            Confidence::Low
        };
        let verdict = if deployable {
            format!("Spring Boot app built with {}", build.pm)
        } else {
            format!(
                "{} project without Spring Boot (not recognized as a service)",
                build.pm
            )
        };
        Some(Candidate {
            service: s,
            deployable,
            verdict,
        })
    }
}

/// `server.port` from application.properties or application.yml (`${PORT:8081}` → 8081).
fn server_port(tree: &Tree, dir: &str) -> Option<Fact<u16>> {
    let props = join(dir, "src/main/resources/application.properties");
    if let Some(text) = tree.read(&props) {
        for line in text.lines() {
            if let Some((k, v)) = line.split_once('=')
                && k.trim() == "server.port"
                && let Some(p) = port_value(v)
            {
                return Some(field(p, &props, "server.port", v.trim()));
            }
        }
    }
    for name in ["application.yml", "application.yaml"] {
        let file = join(dir, &format!("src/main/resources/{name}"));
        let Some(text) = tree.read(&file) else {
            continue;
        };
        let mut in_server = false;
        for line in text.lines() {
            if !line.starts_with(' ') && !line.trim().is_empty() {
                in_server = line.trim_end() == "server:";
            } else if in_server
                && let Some(v) = line.trim().strip_prefix("port:")
                && let Some(p) = port_value(v)
            {
                return Some(field(p, &file, "server.port", v.trim()));
            }
        }
    }
    None
}

fn port_value(v: &str) -> Option<u16> {
    let v = v.trim().trim_matches(['"', '\'']);
    let v = v
        .strip_prefix("${")
        .and_then(|r| r.split_once(':'))
        .map_or(v, |(_, d)| d.trim_end_matches('}'));
    v.trim().parse().ok()
}
