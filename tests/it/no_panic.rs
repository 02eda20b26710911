//! No input makes rota panic: random mutations of the shipped models go
//! through parsing, validation and (when valid) a time-limited solve.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rota::scenario::source::{FileFormat, Source};
use rota::solve::mip::backends::microlp::MicroLp;
use rota::solve::mip::solve_program;
use rota::solve::SolveOptions;

const SPECIAL: [&str; 9] = [
    "-1", "0", "nan", "inf", "-inf", "1e308", "1e-300", "\"x\"", "0.5",
];

fn mutate(rng: &mut StdRng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for _ in 0..rng.gen_range(1..=4) {
        let i = rng.gen_range(0..lines.len());
        match rng.gen_range(0..5) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 | 3 => {
                if let Some(eq) = lines[i].find(" = ") {
                    let key = lines[i][..eq].to_string();
                    let value = SPECIAL[rng.gen_range(0..SPECIAL.len())];
                    lines[i] = format!("{key} = {value}");
                }
            }
            _ => {
                let j = rng.gen_range(0..lines.len());
                lines.swap(i, j);
            }
        }
    }
    lines.join("\n")
}

#[test]
fn mutated_models_never_panic() {
    let mut outcomes = [0usize; 2];
    for path in [
        "models/fruits-r-us.toml",
        "models/greengate-retail-group.toml",
    ] {
        let original = std::fs::read_to_string(path).unwrap();
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..150 {
            let source = Source {
                path: path.into(),
                text: mutate(&mut rng, &original),
                format: FileFormat::Toml,
            };
            let loaded = source
                .parse()
                .and_then(|scenario| rota::model::from_parts(scenario, source.clone()));
            match loaded {
                Ok(l) => {
                    outcomes[0] += 1;
                    let options = SolveOptions {
                        time_limit: Some(std::time::Duration::from_secs(5)),
                        ..SolveOptions::default()
                    };
                    let _ = solve_program(&l.model, &options, &MicroLp);
                }
                Err(e) => {
                    outcomes[1] += 1;
                    assert!(!e.problems.is_empty());
                    assert!(e.to_string().contains(path), "{e}");
                }
            }
        }
    }
    assert!(
        outcomes[0] > 20 && outcomes[1] > 20,
        "valid/invalid: {outcomes:?}"
    );
}
