//! Parser throughput on the shared corpus (skipped when it is absent).

#![allow(clippy::unwrap_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dockerfile");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .to_ascii_lowercase()
                    .contains("dockerfile")
            }) && let Ok(t) = std::fs::read_to_string(&p)
            {
                out.push(t);
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let files = corpus();
    if files.is_empty() {
        eprintln!("skipping: ../shared/corpus/dockerfile not found");
        return;
    }
    let bytes: usize = files.iter().map(String::len).sum();
    let mut group = c.benchmark_group("dockerfile");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse corpus", |b| {
        b.iter(|| {
            for f in &files {
                black_box(plimsoll_syntax::dockerfile::parse(black_box(f)));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
