use super::*;

const KEY_BODY: &str = include_str!("../../tests/fixtures/SEC003/key_body.txt");

fn found(text: &str) -> Vec<(Detector, &str)> {
    scan(text, FileKind::Yaml)
        .into_iter()
        .map(|d| (d.detector, d.secret.slice(text)))
        .collect()
}

fn one(text: &str) -> Detector {
    let f = found(text);
    assert_eq!(f.len(), 1, "{text}: {f:?}");
    f[0].0
}

fn none(text: &str) {
    assert!(found(text).is_empty(), "{text}: {:?}", found(text));
}

#[test]
fn token_formats() {
    for (text, want) in [
        ("id: AKIAUJZDEGXDNCF32EPF", Detector::AwsAccessKeyId),
        (
            "t: ghp_hGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8rES",
            Detector::GithubToken,
        ),
        (
            "t: gho_QedUStPKR0CsTy4Qwb8DwkNhFdnXsiVpzz63",
            Detector::GithubToken,
        ),
        (
            "t: 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",
            Detector::GithubToken,
        ),
        ("t: glpat-gnatmUdjAWtGSU8po_79", Detector::GitlabToken),
        ("t: glrt-9NksnRH9ucAUsdMlHUvT", Detector::GitlabToken),
        ("t: GR1348941CQCyEZDz-TddJ8HyS5SU", Detector::GitlabToken),
        (
            "t: xoxb-131373537990-7511637265167-zV8fUkkibjL5DZPjN0MEQ7wj",
            Detector::SlackToken,
        ),
        (
            "url: https://hooks.slack.com/services/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",
            Detector::SlackWebhook,
        ),
        ("k: sk_live_GiIjHGb3CXlMaXZjljENUhJd", Detector::StripeKey),
        (
            "k: AIzaP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBMp",
            Detector::GoogleApiKey,
        ),
        (
            "k: npm_zjI6GKFSufrdZSlB5er8bOfZqfM2oeq3hDav",
            Detector::NpmToken,
        ),
        (
            "k: pypi-AgEIcHlwaS5vcmc1IqfEouHgxzNNAL5wIScGebcy8F5n3-YNBDRzrZSgqbjG3uhkWKFLf6xuI5a",
            Detector::PypiToken,
        ),
        (
            "k: 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",
            Detector::SendgridKey,
        ),
        ("k: SK767efc2f91624a8940f1f836f99eee36", Detector::TwilioKey),
        (
            "c: DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Nk8cL6j5IXAAjlsHUqJoUD/+Ydua+5ZMs1SWOpQaPRYpzbLGViYXjU2JgJngKtFI3OyV2dZAkg05rK+gqv81RK==;EndpointSuffix=core.windows.net",
            Detector::AzureStorageKey,
        ),
        (
            "db: postgres://app:qZKm4bV3AyAVHn@db.internal:5432/app",
            Detector::UrlPassword,
        ),
        (
            "DB_PASSWORD=G5ZFJoC6vWCBiJmpflvJfupx",
            Detector::GenericSecret,
        ),
        (
            "aws_secret_access_key = \"2hpChYgCfrL1spNxnyVmihA/2O76UMFxFkM/R5Kj\"",
            Detector::AwsSecretAccessKey,
        ),
    ] {
        assert_eq!(one(text), want, "{text}");
    }
}

#[test]
fn jwts_need_a_json_header_with_alg() {
    let signed = "token: eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAic3ZjLWRlcGxveWVyIiwgImlhdCI6IDE3MTYyMzkwMjIsICJyb2xlIjogImFkbWluIn0.tUsGr7CmY_uCu3ZR1zTOlUcR64cXQLioDnkHIfxIq2H";
    assert_eq!(one(signed), Detector::Jwt);
    let unsigned = "t: eyJhbGciOiAibm9uZSJ9.eyJzdWIiOiAic3ZjLWRlcGxveWVyIiwgImlhdCI6IDE3MTYyMzkwMjIsICJyb2xlIjogImFkbWluIn0.";
    let d = scan(unsigned, FileKind::Yaml);
    assert_eq!(d.len(), 1);
    assert!(d[0].detail.contains("none"));
    // jwt.io's sample and base64 that is not a JWT.
    none(
        "t: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    );
    none("t: eyJub3QiOiAiYSBqd3QifQ.eyJ4IjogMX0.abcdefghijklmnopqrstu");
}

#[test]
fn aws_secret_next_to_an_access_key() {
    let text = "aws configure set aws_access_key_id AKIAUJZDEGXDNCF32EPF\naws configure set aws_secret_access_key 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\n";
    let f = found(text);
    assert_eq!(
        f,
        [
            (Detector::AwsAccessKeyId, "AKIAUJZDEGXDNCF32EPF"),
            (
                Detector::AwsSecretAccessKey,
                "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"
            )
        ]
    );
    // A git SHA near a key ID is not a secret key.
    let sha = "AKIAUJZDEGXDNCF32EPF\nrev: 3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39\n";
    assert_eq!(found(sha).len(), 1);
}

#[test]
fn private_keys() {
    for header in [
        "-----BEGIN RSA PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        "-----BEGIN EC PRIVATE KEY-----",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----",
        "-----BEGIN PGP PRIVATE KEY BLOCK-----",
    ] {
        let text = format!(
            "key: |\n  {header}\n  {}\n  -----END x-----\n",
            KEY_BODY.replace('\n', "\n  ")
        );
        assert_eq!(one(&text), Detector::PrivateKey, "{header}");
    }
    // JSON-escaped, in a service-account key file.
    let json = format!(
        "{{\"type\": \"service_account\", \"private_key_id\": \"ab12\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n{}\\n-----END PRIVATE KEY-----\\n\"}}",
        KEY_BODY.replace('\n', "\\n")
    );
    assert_eq!(one(&json), Detector::GcpServiceAccountKey);
    none(&format!(
        "-----BEGIN PUBLIC KEY-----\n{KEY_BODY}\n-----END PUBLIC KEY-----\n"
    ));
    none(&format!(
        "-----BEGIN CERTIFICATE-----\n{KEY_BODY}\n-----END CERTIFICATE-----\n"
    ));
    none("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----\n");
    none(
        "key: |\n  -----BEGIN RSA PRIVATE KEY-----\n  {{ .Values.key }}\n  -----END RSA PRIVATE KEY-----\n",
    );
}

#[test]
fn placeholders_and_references_are_not_reported() {
    for text in [
        "id: AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "t: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "t: ghp_000000000000000000000000000000000000",
        "password: changeme",
        "password: ${DB_PASSWORD}",
        "PASSWORD=$DB_PASSWORD",
        "password: \"{{ .Values.db.password }}\"",
        "token: ${{ secrets.DEPLOY_TOKEN }}",
        "password: <password>",
        "api_key: your-api-key-here",
        "secret: REPLACE_ME",
        "password: '********'",
        "db: postgres://app:${DB_PASSWORD}@db/app",
        "db: postgres://app:$(cat /run/secrets/pw)@db/app",
        "db: postgres://postgres:postgres@localhost/app",
        "db: postgres://user:@localhost/app",
        "db: postgres://user:password@localhost/app",
        "db: https://example.com/path?x=1",
        "k: sk_test_GiIjHGb3CXlMaXZjljENUhJd",
        "k: pk_live_GiIjHGb3CXlMaXZjljENUhJd",
        "secretName: db-credentials-2024x",
        "PASSWORD_FILE=/run/secrets/db_password_v2",
        "password: vault:secret/data/db#password",
        "password_hash: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "token_ttl: 3600s",
        "password: see the team vault 12345",
        "if [ \"$TOKEN\" == \"abc123def456ghi\" ]; then",
        "auth: true",
        "initialClusterToken: \"etcd-cluster-k8s\"",
        "password: \"secure-password-123\"",
        "admin.passwordMtime: 2019-03-20T17:54:53Z",
        "  password: cGFzc3dvcmQ=",
        "  password: cXVvYnl0ZQ==",
        "k8s_uri: https://myacct:mypass@localhost:4430",
        "credentials: yegor256/home#assets/crates-credentials",
        "--admin-password=123Abpassdord",
        "  - secretKey: MY_ENV_VAR1",
        "        secretKey: source-key1",
        "  ClientSecret: bXktc2VydmljZS1wcmluY2lwbGUtY2xpZW50LXNlY3JldAo= #service-principal-secret",
        "  password: S3cr3tP@ss",
        "password: ThisIsMyLongPassword",
        "token: kubernetesDashboardToken",
        "## key should start with -----BEGIN RSA PRIVATE KEY-----\n## and the certificate with -----BEGIN CERTIFICATE----- and\n## name should line up with a tlsSecret set further up in the values file of\n## this chart; if you use cert-manager this is unneeded as it creates them\n",
        "GITHUB_TOKEN_X ghp_hGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8rESx",
    ] {
        none(text);
    }
}

#[test]
fn secret_named_keys() {
    for key in [
        "password",
        "DB_PASSWORD",
        "clientSecret",
        "api-key",
        "apiKey",
        "AWS_SECRET_ACCESS_KEY",
        "auth_token",
        "private_key",
        "--password",
        "azurestorageaccountkey",
        "dbpassword",
    ] {
        assert!(secret_named(&key_words(key)), "{key}");
    }
    for key in [
        "PASSWORD_FILE",
        "secretName",
        "public_key",
        "secrets",
        "author",
        "tokenizer",
        "bypass",
        "AWS_ACCESS_KEY_ID",
        "token_url",
    ] {
        assert!(!secret_named(&key_words(key)), "{key}");
    }
}

#[test]
fn assignments_of_every_syntax() {
    let v = "G5ZFJoC6vWCBiJmpflvJfupx";
    for text in [
        format!("password: {v}"),
        format!("password: \"{v}\""),
        format!("  - DB_PASSWORD={v}"),
        format!("export DB_PASSWORD='{v}'"),
        format!("password = \"{v}\""),
        format!("{{\"password\": \"{v}\"}}"),
        format!("ENV A=1 DB_PASSWORD={v} B=2"),
        format!("ARG NPM_TOKEN={v}"),
        format!("run: mytool --password={v}"),
        format!("'password' => '{v}',"),
        // base64 of the value, as in a Secret's `data`.
        "  password: RzVaRkpvQzZ2V0NCaUptcGZsdkpmdXB4".to_string(),
    ] {
        let f = found(&text);
        assert!(
            f.len() == 1
                && f[0].0 == Detector::GenericSecret
                && (f[0].1 == v || f[0].1.len() == 32),
            "{text}: {f:?}"
        );
    }
}

#[test]
fn most_specific_detector_wins() {
    let text =
        "url: https://x-access-token:ghp_hGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8rES@github.com/o/r";
    assert_eq!(one(text), Detector::GithubToken);
    let text = "token: ghp_hGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8rES";
    assert_eq!(one(text), Detector::GithubToken);
}

#[test]
fn docker_config_auths() {
    let text =
        r#"{"auths": {"registry.example.io": {"auth": "Y2ktYm90OnRxVlZQcXpQcHRFSlF6aGtQa2Vu"}}}"#;
    assert_eq!(one(text), Detector::DockerConfigAuth);
    // `user:` alone, or not base64 of `user:password`.
    none(r#"{"auths": {"r.io": {"auth": "dXNlcjo="}}}"#);
    let not_a_pair = r#"{"auths": {"r.io": {"auth": "bm90LWEtcGFpcg=="}}}"#;
    assert!(
        found(not_a_pair)
            .iter()
            .all(|(d, _)| *d != Detector::DockerConfigAuth)
    );
}

#[test]
fn helpers() {
    assert_eq!(decode_base64("aGVsbG8").as_deref(), Some(&b"hello"[..]));
    assert_eq!(decode_base64("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
    assert!(decode_base64("a b").is_none());
    assert!(entropy("aaaa") < 0.01);
    assert!((entropy("abcd") - 2.0).abs() < 1e-9);
}

#[test]
fn adversarial_inputs_do_not_panic() {
    for text in [
        "-----BEGIN ",
        "-----BEGIN PRIVATE KEY-----",
        "://",
        "a://b:c@",
        "eyJ",
        "eyJ.eyJ.",
        "xoxb-",
        "hooks.slack.com/services/",
        "AccountKey=",
        "\"auths\"",
        "password:",
        "password=\"unterminated",
        "é://ü:ö@ä",
        "passwordé: ü",
        "SK",
        "AKIA",
    ] {
        let _ = scan(text, FileKind::Yaml);
    }
    // A multi-byte character where the URL authority cap falls.
    let cut = format!("x://{}é:pw@h", "a".repeat(511));
    let _ = scan(&cut, FileKind::Yaml);
    let long = "password: ".to_string() + &"a1".repeat(100_000);
    let _ = scan(&long, FileKind::Yaml);
}

/// A small deterministic generator (xorshift64*), for random tokens.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn pick(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| {
                let i = usize::try_from(self.next() % alphabet.len() as u64).unwrap_or(0);
                char::from(alphabet[i])
            })
            .collect()
    }
}

type Make<'a> = &'a dyn Fn(&mut Rng) -> String;

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Random tokens of each format are found: placeholders and entropy
/// thresholds do not swallow real ones (at most 1 in 200 missed).
#[test]
fn random_tokens_are_found() {
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    let cases: [(&str, Detector, Make<'_>); 8] = [
        ("github", Detector::GithubToken, &|r| {
            format!("t: ghp_{}", r.pick(ALNUM, 36))
        }),
        ("aws", Detector::AwsAccessKeyId, &|r| {
            format!("k: AKIA{}", r.pick(BASE32, 16))
        }),
        ("gitlab", Detector::GitlabToken, &|r| {
            format!("t: glpat-{}", r.pick(URL_SAFE, 20))
        }),
        ("npm", Detector::NpmToken, &|r| {
            format!("t: npm_{}", r.pick(ALNUM, 36))
        }),
        ("google", Detector::GoogleApiKey, &|r| {
            format!("k: AIza{}", r.pick(URL_SAFE, 35))
        }),
        ("stripe", Detector::StripeKey, &|r| {
            format!("k: sk_live_{}", r.pick(ALNUM, 24))
        }),
        ("pypi", Detector::PypiToken, &|r| {
            format!("k: pypi-AgEIcHlwaS5vcmc{}", r.pick(URL_SAFE, 70))
        }),
        ("generic", Detector::GenericSecret, &|r| {
            format!("DB_PASSWORD={}", r.pick(ALNUM, 20))
        }),
    ];
    for (name, want, make) in cases {
        let missed: Vec<String> = (0..1000)
            .map(|_| make(&mut rng))
            .filter(|t| !scan(t, FileKind::Yaml).iter().any(|d| d.detector == want))
            .collect();
        eprintln!("{name}: {} of 1000 missed", missed.len());
        assert!(
            missed.len() <= 5,
            "{name}: {} missed, e.g. {:?}",
            missed.len(),
            missed.first()
        );
    }
}
