//! Renders a chart and prints the output or the full error chain.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: render CHART");
        return;
    };
    let opts = plimsoll_helm::RenderOptions {
        release_name: "golden".into(),
        namespace: "golden-ns".into(),
        ..Default::default()
    };
    let user = plimsoll_helm::Map::new();
    match plimsoll_helm::template(std::path::Path::new(path), &user, &opts, &[]) {
        Ok(out) => print!("{out}"),
        Err(plimsoll_helm::RenderError::Exec(e)) => eprintln!("{}", e.message),
        Err(e) => eprintln!("{e}"),
    }
}
