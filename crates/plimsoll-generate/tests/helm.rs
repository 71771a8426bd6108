//! Helm chart generator (G03): every sample's charts pass every plimsoll
//! rule with each values file (H04), their helm-unittest suites pass (H01),
//! they render with every values file, and they keep the cross-file
//! contract (X01–X04).

mod support;

use plimsoll_generate::model::{Project, ServiceKind};
use plimsoll_generate::options::{APP_UID, Cloud, Options, paths};
use plimsoll_generate::{GeneratedFile, generators, samples};
use plimsoll_helm::unittest::RunOptions;
use plimsoll_helm::{Map, RenderOptions, Value, serial};
use std::path::Path;

fn charts(project: &Project, options: &Options) -> Vec<GeneratedFile> {
    generators::helm::generate(project, options)
}

fn each_sample(mut f: impl FnMut(&str, &Project, &Options, &[GeneratedFile])) {
    for (name, project) in samples::all() {
        let options = Options::for_project(&project);
        let files = charts(&project, &options);
        f(name, &project, &options, &files);
    }
}

fn yaml(text: &str) -> serde_json::Value {
    let v = serial::from_yaml(text).expect("valid YAML");
    serial::to_serde(&v, 0)
}

/// Renders a chart written under `root` with a values file (or none).
fn render(root: &Path, chart: &str, values: Option<&str>) -> Vec<serde_json::Value> {
    let dir = root.join(chart);
    let user = match values {
        None => Map::new(),
        Some(v) => {
            let text = std::fs::read_to_string(dir.join(v)).expect("values file");
            match serial::from_yaml(&text).expect("values YAML") {
                Value::Map(m) => m.borrow().clone(),
                _ => panic!("{v} is not a mapping"),
            }
        }
    };
    let opts = plimsoll_helm::helm::RenderOptions {
        release_name: chart.rsplit('/').next().unwrap_or(chart).to_owned(),
        namespace: "test".to_owned(),
        ..Default::default()
    };
    let out = plimsoll_helm::helm::template(&dir, &user, &opts, &[])
        .unwrap_or_else(|e| panic!("{chart} with {values:?} does not render: {e}"));
    serial::from_yaml_all(&out)
        .expect("rendered YAML")
        .iter()
        .map(|d| serial::to_serde(d, 0))
        .filter(|d| !d.is_null())
        .collect()
}

fn kind<'a>(docs: &'a [serde_json::Value], kind: &str) -> Option<&'a serde_json::Value> {
    docs.iter().find(|d| d["kind"] == kind)
}

#[test]
fn every_sample_chart_passes_every_plimsoll_rule_with_each_values_file_h04() {
    each_sample(|name, _, _, files| support::assert_clean(name, files));
}

#[test]
fn charts_pass_with_every_cloud_and_other_environment_lists_h04() {
    for (name, project) in samples::all() {
        for cloud in Cloud::ALL {
            let mut options = Options::for_project(&project);
            options.cloud = Some(*cloud);
            support::assert_clean(&format!("{name} {cloud}"), &charts(&project, &options));
        }
        let mut options = Options::for_project(&project);
        options.environments = vec!["dev".into(), "qa".into(), "prod".into()];
        support::assert_clean(&format!("{name} dev/qa/prod"), &charts(&project, &options));
        options.environments = Vec::new();
        let files = charts(&project, &options);
        support::assert_clean(&format!("{name} no environments"), &files);
        for svc in &project.services {
            support::file(
                &files,
                &format!("{}/values-production.yaml", paths::chart_dir(svc)),
            );
        }
    }
}

#[test]
fn generated_unittest_suites_pass_natively_h01() {
    each_sample(|name, project, _, files| {
        let dir = tempfile::tempdir().expect("tempdir");
        support::write_all(dir.path(), files);
        for svc in &project.services {
            let chart = dir.path().join(paths::chart_dir(svc));
            let suites = plimsoll_helm::unittest::find_suites(&chart, &RunOptions::default());
            let expected = if svc.kind == ServiceKind::Worker {
                3
            } else {
                6
            };
            assert!(
                suites.len() >= expected,
                "{name}/{}: {} suites",
                svc.name,
                suites.len()
            );
            let result = plimsoll_helm::unittest::run_chart(&chart, &RunOptions::default());
            let tests: usize = result.suites.iter().map(|s| s.tests.len()).sum();
            assert!(
                result.passed() && tests >= 15,
                "{name}/{}: unittest failed ({tests} tests):\n{}",
                svc.name,
                plimsoll_helm::unittest::report(&[result], std::time::Duration::ZERO)
            );
        }
    });
}

#[test]
fn charts_have_the_standard_files_and_tests_h01_h03() {
    each_sample(|name, project, options, files| {
        for svc in &project.services {
            let dir = paths::chart_dir(svc);
            let mut wanted = vec![
                "Chart.yaml",
                "values.yaml",
                "values.schema.json",
                ".helmignore",
                "README.md",
                "templates/_helpers.tpl",
                "templates/deployment.yaml",
                "templates/service.yaml",
                "templates/serviceaccount.yaml",
                "templates/ingress.yaml",
                "templates/hpa.yaml",
                "templates/pdb.yaml",
                "templates/networkpolicy.yaml",
                "templates/configmap.yaml",
                "templates/externalsecret.yaml",
                "templates/servicemonitor.yaml",
                "templates/NOTES.txt",
                "tests/deployment_test.yaml",
                "tests/service_test.yaml",
                "tests/ingress_test.yaml",
                "tests/hpa_test.yaml",
                "tests/pdb_test.yaml",
                "tests/networkpolicy_test.yaml",
            ];
            let overlays: Vec<String> = options
                .environments
                .iter()
                .map(|e| format!("values-{e}.yaml"))
                .collect();
            wanted.extend(overlays.iter().map(String::as_str));
            if svc.kind == ServiceKind::Worker {
                wanted.retain(|w| {
                    !w.contains("service.yaml")
                        && !w.contains("service_test")
                        && !w.contains("ingress")
                        && !w.contains("servicemonitor")
                });
            }
            for w in wanted {
                support::file(files, &format!("{dir}/{w}"));
            }
            for f in files.iter().filter(|f| f.path.starts_with(&dir)) {
                assert!(
                    f.contents.ends_with('\n'),
                    "{name}: {} ends without a newline",
                    f.path
                );
                assert!(
                    f.contents.contains("Generated by `plimsoll init`"),
                    "{name}: {} has no generated-by header",
                    f.path
                );
            }
        }
    });
}

#[test]
fn chart_metadata_is_valid_h05() {
    each_sample(|name, project, _, files| {
        for svc in &project.services {
            let chart = yaml(support::file(
                files,
                &format!("{}/Chart.yaml", paths::chart_dir(svc)),
            ));
            assert_eq!(chart["apiVersion"], "v2", "{name}");
            assert_eq!(chart["name"], svc.name.as_str(), "{name}");
            assert_eq!(chart["version"], "0.1.0", "{name}");
            assert_eq!(chart["type"], "application", "{name}");
            assert!(chart["appVersion"].is_string(), "{name}");
            assert_eq!(chart["kubeVersion"], ">=1.30.0-0", "{name}");
            assert_eq!(
                chart["home"],
                format!("https://github.com/acme/{}", project.name).as_str(),
                "{name}"
            );
        }
    });
}

#[test]
fn values_follow_the_model_contract_x01_x02_x03_x04() {
    each_sample(|name, project, options, files| {
        for svc in &project.services {
            let dir = paths::chart_dir(svc);
            let values = yaml(support::file(files, &format!("{dir}/values.yaml")));
            assert_eq!(
                values["image"]["repository"],
                options.image(svc).as_str(),
                "{name}"
            );
            assert_eq!(values["image"]["tag"], "", "{name}");
            assert_eq!(values["image"]["pullPolicy"], "IfNotPresent", "{name}");
            assert_eq!(values["containerPort"], u64::from(svc.port.value), "{name}");
            assert_eq!(
                values["probes"]["readinessPath"],
                svc.readiness_path.value.as_str()
            );
            if svc.health_path.value != svc.readiness_path.value {
                assert_eq!(
                    values["probes"]["livenessPath"],
                    svc.health_path.value.as_str()
                );
            }
            let replicas = if svc.kind == ServiceKind::Worker {
                1
            } else {
                2
            };
            assert_eq!(
                values["replicaCount"], replicas,
                "{name}: development default"
            );
            assert!(
                values["resources"]["limits"]["memory"].is_string(),
                "{name}"
            );
            let keys: Vec<&str> = values["externalSecret"]["keys"]
                .as_array()
                .expect("keys")
                .iter()
                .filter_map(|k| k.as_str())
                .collect();
            let mut wanted: Vec<&str> = svc
                .backing_services
                .iter()
                .map(|b| b.value.url_env())
                .collect();
            wanted.sort_unstable();
            wanted.dedup();
            assert_eq!(keys, wanted, "{name}: secrets from the backing services");
            assert_eq!(
                values["metrics"]["enabled"],
                svc.metrics_path.is_some(),
                "{name}"
            );
        }
    });
}

#[test]
fn rendered_objects_keep_the_contract_with_every_values_file_x01_x02_x03_k03() {
    each_sample(|name, project, options, files| {
        let dir = tempfile::tempdir().expect("tempdir");
        support::write_all(dir.path(), files);
        for svc in &project.services {
            let chart = paths::chart_dir(svc);
            let mut values: Vec<Option<String>> = vec![None];
            values.extend(
                options
                    .environments
                    .iter()
                    .map(|e| Some(format!("values-{e}.yaml"))),
            );
            for v in &values {
                let docs = render(dir.path(), &chart, v.as_deref());
                let what = format!("{name}/{} {v:?}", svc.name);
                let dep = kind(&docs, "Deployment").expect("Deployment");
                let pod = &dep["spec"]["template"]["spec"];
                let c = &pod["containers"][0];
                assert_eq!(
                    dep["metadata"]["name"],
                    svc.name.as_str(),
                    "{what}: fullname"
                );
                assert_eq!(c["name"], svc.name.as_str(), "{what}: container name");
                assert_eq!(
                    pod["securityContext"]["runAsUser"],
                    u64::from(APP_UID),
                    "{what}"
                );
                assert_eq!(
                    pod["securityContext"]["fsGroup"],
                    u64::from(APP_UID),
                    "{what}"
                );
                assert_eq!(
                    c["securityContext"]["readOnlyRootFilesystem"], true,
                    "{what}"
                );
                assert_eq!(
                    c["ports"][0]["containerPort"],
                    u64::from(svc.port.value),
                    "{what}"
                );
                assert_eq!(c["ports"][0]["name"], "http", "{what}");
                let port_env = c["env"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|e| e["name"] == "PORT")
                    .map(|e| e["value"].clone());
                assert_eq!(
                    port_env,
                    Some(svc.port.value.to_string().into()),
                    "{what}: PORT"
                );
                assert_eq!(
                    c["readinessProbe"]["httpGet"]["path"],
                    svc.readiness_path.value.as_str(),
                    "{what}"
                );
                if svc.health_path.value == svc.readiness_path.value {
                    assert_eq!(c["livenessProbe"]["tcpSocket"]["port"], "http", "{what}");
                } else {
                    assert_eq!(
                        c["livenessProbe"]["httpGet"]["path"],
                        svc.health_path.value.as_str(),
                        "{what}"
                    );
                }
                let image = c["image"].as_str().expect("image");
                assert!(
                    image.starts_with(&format!("{}:", options.image(svc))),
                    "{what}: {image}"
                );
                assert!(!image.ends_with(":latest"), "{what}");
                assert!(
                    c["resources"]["limits"]["memory"].is_string(),
                    "{what}: K01"
                );
                assert_eq!(
                    dep["metadata"]["labels"]["app.kubernetes.io/part-of"],
                    project.name.as_str(),
                    "{what}"
                );
                if svc.kind == ServiceKind::Worker {
                    assert!(
                        kind(&docs, "Service").is_none(),
                        "{what}: a worker has no Service"
                    );
                } else {
                    let service = kind(&docs, "Service").expect("Service");
                    assert_eq!(service["spec"]["ports"][0]["targetPort"], "http", "{what}");
                }
                assert!(kind(&docs, "NetworkPolicy").is_some(), "{what}: K13");
                let secret_ref = c["env"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|e| {
                        e["valueFrom"]["secretKeyRef"]["name"]
                            == format!("{}-env", svc.name).as_str()
                            && e["valueFrom"]["secretKeyRef"]["key"] == e["name"]
                    })
                    .count();
                assert_eq!(secret_ref, svc.backing_services.len(), "{what}: K12");
                if !svc.backing_services.is_empty() {
                    let es = kind(&docs, "ExternalSecret").expect("ExternalSecret");
                    assert_eq!(
                        es["spec"]["target"]["name"],
                        format!("{}-env", svc.name).as_str()
                    );
                }
            }
        }
    });
}

#[test]
fn production_scales_spreads_and_serves_tls_on_its_host_k08_k09_k10_k18() {
    each_sample(|name, project, options, files| {
        let dir = tempfile::tempdir().expect("tempdir");
        support::write_all(dir.path(), files);
        let prod = options.production();
        for svc in &project.services {
            let docs = render(
                dir.path(),
                &paths::chart_dir(svc),
                Some(&format!("values-{prod}.yaml")),
            );
            let dep = kind(&docs, "Deployment").expect("Deployment");
            assert!(
                dep["spec"]["replicas"].is_null(),
                "{name}: the HPA owns replicas"
            );
            let hpa = kind(&docs, "HorizontalPodAutoscaler").expect("HPA in production");
            assert_eq!(hpa["spec"]["minReplicas"], 3, "{name}");
            assert_eq!(hpa["apiVersion"], "autoscaling/v2", "{name}");
            assert!(kind(&docs, "PodDisruptionBudget").is_some(), "{name}");
            let spread = &dep["spec"]["template"]["spec"]["topologySpreadConstraints"][0];
            assert_eq!(spread["whenUnsatisfiable"], "DoNotSchedule", "{name}");
            if svc.kind == ServiceKind::Worker {
                assert!(kind(&docs, "Ingress").is_none(), "{name}");
                assert!(kind(&docs, "ServiceMonitor").is_none(), "{name}");
                continue;
            }
            let ingress = kind(&docs, "Ingress").expect("Ingress in production");
            let host = options.host(svc, prod);
            assert_eq!(ingress["spec"]["rules"][0]["host"], host.as_str(), "{name}");
            assert_eq!(
                ingress["spec"]["tls"][0]["hosts"][0],
                host.as_str(),
                "{name}"
            );
            assert_eq!(ingress["spec"]["ingressClassName"], "nginx", "{name}");
            if svc.metrics_path.is_some() {
                let sm = kind(&docs, "ServiceMonitor").expect("ServiceMonitor");
                assert_eq!(
                    sm["spec"]["endpoints"][0]["path"],
                    svc.metrics_path().unwrap_or_default(),
                    "{name}"
                );
            } else {
                assert!(kind(&docs, "ServiceMonitor").is_none(), "{name}");
            }
        }
    });
}

#[test]
fn the_values_schema_refuses_latest_and_bad_ports() {
    let project = samples::node_pnpm();
    let options = Options::for_project(&project);
    let files = charts(&project, &options);
    let dir = tempfile::tempdir().expect("tempdir");
    support::write_all(dir.path(), &files);
    let chart = dir.path().join("charts/api");
    for bad in [
        "image:\n  tag: latest\n",
        "containerPort: 0\n",
        "resources:\n  requests: null\n",
    ] {
        let user = match serial::from_yaml(bad).expect("yaml") {
            Value::Map(m) => m.borrow().clone(),
            _ => unreachable!(),
        };
        let result = plimsoll_helm::helm::template(&chart, &user, &RenderOptions::default(), &[]);
        assert!(result.is_err(), "values {bad:?} were accepted");
    }
}

#[test]
fn hostile_names_and_paths_stay_valid_yaml() {
    let mut project = samples::node_pnpm();
    project.name = "we\"ird: name".into();
    let svc = &mut project.services[0];
    svc.health_path.value = "/health z\"': #x".into();
    svc.readiness_path.value = "/ready{{ .x }}".into();
    let options = Options::for_project(&project);
    let files = charts(&project, &options);
    let values = yaml(support::file(&files, "charts/api/values.yaml"));
    assert_eq!(values["probes"]["livenessPath"], "/health z\"': #x");
    let dir = tempfile::tempdir().expect("tempdir");
    support::write_all(dir.path(), &files);
    let docs = render(dir.path(), "charts/api", None);
    let dep = kind(&docs, "Deployment").expect("Deployment");
    assert_eq!(
        dep["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["path"],
        "/ready{{ .x }}"
    );
    assert_eq!(
        dep["metadata"]["labels"]["app.kubernetes.io/part-of"],
        "we\"ird: name"
    );
}

#[test]
fn snapshots_of_every_chart_file() {
    each_sample(|name, _, _, files| {
        for f in files {
            let key = format!("{name}__{}", f.path).replace(['/', '.'], "_");
            insta::assert_snapshot!(key, &f.contents);
        }
    });
}

#[test]
fn the_clean_check_sees_into_the_rendered_chart() {
    // A control: the same chart with a weakened template must have findings,
    // so the clean results above come from rendered objects being checked.
    let project = samples::node_pnpm();
    let options = Options::for_project(&project);
    let mut files = charts(&project, &options);
    let dep = files
        .iter_mut()
        .find(|f| f.path == "charts/api/templates/deployment.yaml")
        .expect("deployment template");
    dep.contents = dep
        .contents
        .replace(
            "readOnlyRootFilesystem: true",
            "readOnlyRootFilesystem: false",
        )
        .replace("maxUnavailable: 0", "maxUnavailable: 1");
    let found = support::findings(&files);
    assert!(
        found.iter().any(|f| f.contains("deployment.yaml")),
        "weakened chart passed: {found:?}"
    );
}
