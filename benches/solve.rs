//! Solving generated organisations with the dedicated solver.
//!
//! `cargo bench --bench solve` runs 30, 100 and 300 applications. Set
//! `ROTA_BENCH_LARGE=1` to add 1,000, 3,000 and 10,000 (ten samples each, with
//! time limits of 30 s, 60 s and 120 s: a sample that hits its limit measures
//! the limit, and the printed gap says how far from proven it stopped).
//! `ROTA_BENCH_SEED` picks the organisation (default 1).

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rota::model::{from_parts, Loaded};
use rota::scenario::{source::FileFormat, Source};
use rota::solve::decompose::{self, DecomposeOptions};

fn organisation(apps: usize, seed: u64) -> Loaded {
    let scenario = rota::generate::generate(apps, seed);
    let text = rota::generate::to_toml(&scenario).expect("toml");
    let source = Source {
        path: format!("generated-{apps}.toml").into(),
        text,
        format: FileFormat::Toml,
    };
    from_parts(scenario, source).expect("generated organisations are valid")
}

fn bench(c: &mut Criterion) {
    let seed = std::env::var("ROTA_BENCH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut sizes: Vec<(usize, u64)> = vec![(30, 10), (100, 10), (300, 30)];
    if std::env::var_os("ROTA_BENCH_LARGE").is_some() {
        sizes.extend([(1_000, 30), (3_000, 60), (10_000, 120)]);
    }
    let mut group = c.benchmark_group("dedicated");
    group.sample_size(10);
    for (apps, limit) in sizes {
        let loaded = organisation(apps, seed);
        let options = DecomposeOptions {
            time_limit: Some(Duration::from_secs(limit)),
            node_limit: None,
            progress: false,
            deadline: rota::deadline::Deadline::NONE,
        };
        // One solve up front to report what the timings measure.
        let plan = decompose::solve(&loaded.model, &options);
        eprintln!(
            "{apps} applications: {} total {:.2} gap {:.4}%",
            plan.status.as_str(),
            plan.totals(&loaded.model).total,
            100.0 * plan.gap(&loaded.model)
        );
        group.measurement_time(Duration::from_secs(limit.min(60)));
        group.bench_with_input(BenchmarkId::from_parameter(apps), &loaded, |b, l| {
            b.iter(|| decompose::solve(&l.model, &options))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
