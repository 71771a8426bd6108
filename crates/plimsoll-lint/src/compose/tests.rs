use super::*;

fn read(text: &str) -> (YamlFile, ComposeFile) {
    let yaml = YamlFile::parse(text);
    let c = ComposeFile::read(&yaml).expect("a mapping");
    (yaml, c)
}

#[test]
fn services_and_top_level() {
    let (yaml, c) = read(
        "version: '3.9'\nname: demo\nservices:\n  web:\n    image: nginx:1.27\n    ports: ['8080:80', 443, {target: 53, published: '5353', protocol: udp}]\n    depends_on:\n      db: {condition: service_healthy}\n      cache:\n        condition: service_started\n        required: false\n    environment: [A=1, B]\n    volumes: [data:/data, ./src:/src:ro, /anon]\n    networks: {front: {aliases: [w]}}\n  db:\n    image: postgres\n    healthcheck:\n      test: [\"NONE\"]\n    depends_on: [cache]\n    env_file: [{path: a.env, required: false}, b.env]\n  cache:\n  x-ignored: {}\nvolumes:\n  data:\nnetworks:\n  front: {external: true}\ninclude:\n  - common.yaml\n  - path: [a.yaml, b.yaml]\n",
    );
    assert!(c.version.is_some());
    assert_eq!(c.name.as_ref().map(|n| n.value.as_str()), Some("demo"));
    assert_eq!(
        c.services
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["web", "db", "cache"]
    );
    let web = &c.services[0];
    assert_eq!(web.ports.len(), 3);
    assert!(
        matches!(&web.ports[1].spec, PortSpec::Mapping(m) if m.target.start == 443 && m.published.is_none())
    );
    assert!(
        matches!(&web.ports[2].spec, PortSpec::Mapping(m) if m.protocol == "udp" && m.published.is_some())
    );
    assert_eq!(web.depends_on.len(), 2);
    assert_eq!(web.depends_on[0].condition(), "service_healthy");
    assert!(!web.depends_on[1].required);
    assert_eq!(web.environment[0].value.as_deref(), Some("1"));
    assert_eq!(web.environment[1].value, None);
    assert_eq!(
        web.volumes
            .iter()
            .map(|m| m.kind.clone())
            .collect::<Vec<_>>(),
        [MountKind::Volume, MountKind::Bind, MountKind::Anonymous]
    );
    assert!(web.volumes[1].read_only);
    assert_eq!(web.networks[0].name, "front");
    let db = &c.services[1];
    assert!(db.healthcheck.as_ref().is_some_and(|h| h.disabled));
    assert_eq!(db.depends_on[0].service, "cache");
    assert_eq!(db.env_files.len(), 2);
    assert!(!db.env_files[0].required && db.env_files[1].required);
    assert!(c.services[2].is_empty(&yaml));
    assert!(c.networks[0].external);
    assert_eq!(c.volumes[0].name, "data");
    assert_eq!(c.includes.len(), 2);
    assert_eq!(c.includes[1].paths.len(), 2);
    assert!(!c.legacy_v1);
}

#[test]
fn legacy_v1_layout() {
    let (_, c) = read("openvpn:\n  image: jess/openvpn\n  net: host\n");
    assert!(c.legacy_v1);
    assert!(c.services.is_empty());
}

#[test]
fn odd_shapes_do_not_panic() {
    for text in [
        "services: []\n",
        "services:\n  a: 3\n  b: [1]\n",
        "services:\n  a:\n    ports: {x: 1}\n    depends_on: 3\n    volumes: [{}, 3, [1]]\n    environment: 3\n    healthcheck: [1]\n    deploy: x\n    extends: {}\n",
        "services:\n  a:\n    ports: [{target: x}, {published: 1}, '${A:-1}:80', '$$']\n",
        "- a\n",
        "services:\n  <<: {a: {image: x}}\n",
    ] {
        let yaml = YamlFile::parse(text);
        let _ = ComposeFile::read(&yaml);
    }
}

#[test]
fn merge_keys_and_anchors() {
    let (_, c) = read(
        "x-base: &base\n  restart: always\n  image: app:1\nservices:\n  a:\n    <<: *base\n    image: app:2\n",
    );
    let a = &c.services[0];
    assert_eq!(a.image.as_ref().map(|i| i.value.as_str()), Some("app:2"));
    assert_eq!(a.restart.as_ref().map(|i| i.value.as_str()), Some("always"));
}
