//! Renders a chart and prints the output or the full error chain; with
//! `RAW=1`, prints each rendered file as is (like `helm template --debug`
//! shows files that are not valid YAML).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: render CHART");
        return;
    };
    let opts = plimsoll_helm::RenderOptions {
        release_name: "x".into(),
        ..Default::default()
    };
    let user = plimsoll_helm::Map::new();
    if std::env::var_os("RAW").is_some() {
        let run = || -> Result<(), plimsoll_helm::RenderError> {
            let mut chart = plimsoll_helm::chart::load(std::path::Path::new(path))?;
            let vals = plimsoll_helm::helm::prepare(&mut chart, &user)?;
            for f in plimsoll_helm::helm::render_chart(&chart, vals, &opts)? {
                print!("# Source: {}\n{}", f.name, f.output.text);
            }
            Ok(())
        };
        if let Err(e) = run() {
            eprintln!("{e}");
        }
        return;
    }
    match plimsoll_helm::template(std::path::Path::new(path), &user, &opts, &[]) {
        Ok(out) => print!("{out}"),
        Err(plimsoll_helm::RenderError::Exec(e)) => eprintln!("{}", e.message),
        Err(e) => eprintln!("{e}"),
    }
}
