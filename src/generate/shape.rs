//! Shapes of organisation (`rota generate --shape NAME`): the knobs that span
//! every SPEC §2 feature, as named presets and a `random` shape drawn from the
//! seed.
//!
//! [`Shape::article`] is what `rota generate` makes without `--shape`: the
//! draws it makes, and so the bytes it writes, are exactly those of the
//! generator before shapes existed. A knob at its article value never adds or
//! removes a draw from the organisation's random stream; the other values of
//! a knob may (a chain hierarchy draws its parents, a fourth target draws which
//! critical applications hold it).

use rand::RngCore;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// How product domains nest.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hierarchy {
    /// Top-level domains only, about one per 20 applications.
    Flat,
    /// The article's areas, each with 0–4 sub-domains, each of those with a
    /// sub-sub-domain with probability 0.2.
    Shallow,
    /// About one domain per 20 applications, made in order; each after the
    /// first has a parent among the earlier ones with this probability, so
    /// that chains and bushes of any depth appear.
    Chains(f64),
}

/// Which product and architectural domains an application lists.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Membership {
    /// The article's: the team's product domain, sometimes a sibling (0.1) or
    /// another area's (0.03); the team's home architectural domain (0.7) and
    /// sometimes a random one (0.1).
    Typical,
    /// Exactly one product domain (the team's) and one architectural domain
    /// (the team's home with probability 0.7, else a random one).
    OneEach,
    /// Often several: a sibling (0.4), another area's (0.15), the home
    /// architectural domain (0.8) and a random one (0.4).
    Several,
}

/// What a domain rota costs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DomainRotaCost {
    /// No `[support.domain_rota]` table: a domain rota costs what a team rota
    /// does and restores as fast.
    AsTeamRota,
    /// Its own table: standby per month, minutes to restore, callout cost.
    Separate {
        standby: f64,
        ttr_minutes: f64,
        callout: f64,
    },
}

/// Every knob of a generated organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// The preset's name (`article` without `--shape`).
    pub name: String,
    /// `max_rota_teams`; 0 = no limit.
    pub max_rota_teams: u32,
    /// `max_rota_load`.
    pub max_rota_load: f64,
    /// How product domains nest.
    pub product: Hierarchy,
    /// Probability that an architectural domain after the first has a parent
    /// among the earlier ones (0 = flat).
    pub arch_parent_share: f64,
    /// Architectural domains: `max(2, round(sqrt(apps) * arch_per_root_app))`.
    pub arch_per_root_app: f64,
    /// Which domains an application lists.
    pub membership: Membership,
    /// A team rota's standby per month.
    pub team_standby: f64,
    /// A team rota's callout cost (the domain rota's too, when it has none of
    /// its own).
    pub callout_cost: f64,
    /// The domain rota's costs.
    pub domain_rota: DomainRotaCost,
    /// Restore time with nobody on call, in hours.
    pub no_cover_hours: f64,
    /// A fourth, strictest target (99.95 %, team rota) held by some critical
    /// applications.
    pub four_targets: bool,
    /// Engineering costs per application at each target (else all 0).
    pub engineering_costs: bool,
    /// `allow_upgrades`.
    pub allow_upgrades: bool,
    /// `respect_loss_thresholds`.
    pub respect_loss_thresholds: bool,
    /// Share of applications with `min_target = "99.5%"`.
    pub min_target_share: f64,
    /// Share of low-demand applications (half of it among critical ones).
    pub low_demand_share: f64,
}

/// The named presets, in the order `rota generate --help` lists them.
pub const PRESETS: [&str; 12] = [
    "article",
    "flat",
    "chains",
    "deep-chains",
    "upgrades",
    "tight",
    "loose",
    "contracts",
    "cheap-domains",
    "no-frills",
    "low-demand",
    "random",
];

impl Shape {
    /// The article's organisation: what `rota generate` makes without
    /// `--shape` (see the generator's module documentation).
    pub fn article() -> Shape {
        Shape {
            name: "article".to_string(),
            max_rota_teams: 3,
            max_rota_load: 6.0,
            product: Hierarchy::Shallow,
            arch_parent_share: 0.25,
            arch_per_root_app: 0.25,
            membership: Membership::Typical,
            team_standby: 3000.0,
            callout_cost: 150.0,
            domain_rota: DomainRotaCost::Separate {
                standby: 3000.0,
                ttr_minutes: 30.0,
                callout: 150.0,
            },
            no_cover_hours: 12.0,
            four_targets: false,
            engineering_costs: true,
            allow_upgrades: false,
            respect_loss_thresholds: true,
            min_target_share: 0.05,
            low_demand_share: 0.3,
        }
    }

    /// The preset called `name`, or `random` drawn from `seed`; `None` for
    /// an unknown name (see [`PRESETS`]).
    pub fn named(name: &str, seed: u64) -> Option<Shape> {
        let base = Shape {
            name: name.to_string(),
            ..Shape::article()
        };
        let shape = match name {
            "article" => base,
            // Nothing nests; no team limit; cheaper domain rotas.
            "flat" => Shape {
                max_rota_teams: 0,
                product: Hierarchy::Flat,
                arch_parent_share: 0.0,
                domain_rota: DomainRotaCost::Separate {
                    standby: 2500.0,
                    ttr_minutes: 30.0,
                    callout: 150.0,
                },
                ..base
            },
            // The hard case: chains of product and architectural
            // domains (a quarter with a parent), one of each per application,
            // no team limit, load 6, a third low demand, team rotas 2,000,
            // no separate domain-rota costs, no cover restores in 15 h.
            "chains" => Shape {
                max_rota_teams: 0,
                product: Hierarchy::Chains(0.25),
                arch_parent_share: 0.25,
                arch_per_root_app: 0.5,
                membership: Membership::OneEach,
                team_standby: 2000.0,
                domain_rota: DomainRotaCost::AsTeamRota,
                no_cover_hours: 15.0,
                low_demand_share: 1.0 / 3.0,
                ..base
            },
            // Deeper chains, applications in several domains, a team limit.
            "deep-chains" => Shape {
                max_rota_teams: 4,
                max_rota_load: 8.0,
                product: Hierarchy::Chains(0.6),
                arch_parent_share: 0.6,
                arch_per_root_app: 0.5,
                membership: Membership::Several,
                team_standby: 2500.0,
                ..base
            },
            // The upgrades case: four targets, upgrades, load 5.
            "upgrades" => Shape {
                max_rota_load: 5.0,
                four_targets: true,
                allow_upgrades: true,
                ..base
            },
            // Small rotas of few teams: load 4, at most two teams.
            "tight" => Shape {
                max_rota_teams: 2,
                max_rota_load: 4.0,
                no_cover_hours: 8.0,
                ..base
            },
            // Big rotas, no team limit, loss thresholds ignored.
            "loose" => Shape {
                max_rota_teams: 0,
                max_rota_load: 10.0,
                respect_loss_thresholds: false,
                membership: Membership::Several,
                ..base
            },
            // Many contractual floors, loss thresholds ignored, four targets.
            "contracts" => Shape {
                four_targets: true,
                respect_loss_thresholds: false,
                min_target_share: 0.25,
                ..base
            },
            // Domain rotas far cheaper than team rotas, dear callouts.
            "cheap-domains" => Shape {
                max_rota_teams: 4,
                team_standby: 3500.0,
                callout_cost: 300.0,
                domain_rota: DomainRotaCost::Separate {
                    standby: 1500.0,
                    ttr_minutes: 45.0,
                    callout: 250.0,
                },
                ..base
            },
            // No callouts, no engineering costs, no contracts.
            "no-frills" => Shape {
                callout_cost: 0.0,
                domain_rota: DomainRotaCost::AsTeamRota,
                engineering_costs: false,
                min_target_share: 0.0,
                ..base
            },
            // Most demand filled: cover matters less.
            "low-demand" => Shape {
                low_demand_share: 0.6,
                no_cover_hours: 10.0,
                ..base
            },
            "random" => Shape::random(seed),
            _ => return None,
        };
        Some(shape)
    }

    /// Every knob drawn from `seed`, on a stream of its own (the organisation
    /// drawn with the shape uses the same seed on another stream).
    pub fn random(seed: u64) -> Shape {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(0x5a0e);
        let mut unit = || (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        let mut pick = |n: usize| ((unit() * n as f64) as usize).min(n - 1);
        // `pick` borrows `unit`; draw everything through `pick`, in a fixed
        // order, fractions as thousandths.
        let mut frac = || pick(1001) as f64 / 1000.0;
        let teams = frac();
        let load = frac();
        let hierarchy = frac();
        let chain_share = frac();
        let arch = frac();
        let arch_share = frac();
        let arch_count = frac();
        let membership = frac();
        let team_standby = frac();
        let callout = frac();
        let domain = frac();
        let domain_standby = frac();
        let domain_ttr = frac();
        let domain_callout = frac();
        let no_cover = frac();
        let four = frac();
        let engineering = frac();
        let upgrades = frac();
        let respect = frac();
        let min_target = frac();
        let low = frac();
        let hundreds = |lo: f64, hi: f64, x: f64| ((lo + (hi - lo) * x) / 100.0).round() * 100.0;
        Shape {
            name: "random".to_string(),
            max_rota_teams: if teams < 0.4 {
                0
            } else {
                2 + ((teams - 0.4) / 0.6 * 3.0).min(2.0) as u32
            },
            max_rota_load: 4.0 + (load * 7.0).min(6.0).floor(),
            product: if hierarchy < 1.0 / 3.0 {
                Hierarchy::Flat
            } else if hierarchy < 2.0 / 3.0 {
                Hierarchy::Shallow
            } else {
                Hierarchy::Chains(0.1 + 0.5 * chain_share)
            },
            arch_parent_share: if arch < 1.0 / 3.0 {
                0.0
            } else {
                0.1 + 0.5 * arch_share
            },
            arch_per_root_app: 0.25 + 0.25 * arch_count,
            membership: if membership < 0.4 {
                Membership::Typical
            } else if membership < 0.7 {
                Membership::OneEach
            } else {
                Membership::Several
            },
            team_standby: hundreds(2000.0, 3500.0, team_standby),
            callout_cost: if callout < 0.3 {
                0.0
            } else {
                hundreds(0.0, 300.0, (callout - 0.3) / 0.7).max(50.0)
            },
            domain_rota: if domain < 0.3 {
                DomainRotaCost::AsTeamRota
            } else {
                DomainRotaCost::Separate {
                    standby: hundreds(1500.0, 3500.0, domain_standby),
                    ttr_minutes: (20.0 + 25.0 * domain_ttr).round(),
                    callout: hundreds(0.0, 300.0, domain_callout),
                }
            },
            no_cover_hours: (8.0 + 7.0 * no_cover).round(),
            four_targets: four < 0.4,
            engineering_costs: engineering < 0.7,
            allow_upgrades: upgrades < 0.4,
            respect_loss_thresholds: respect < 0.7,
            min_target_share: [0.0, 0.05, 0.2][(min_target * 3.0).min(2.0) as usize],
            low_demand_share: ((0.1 + 0.5 * low) * 100.0).round() / 100.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_named() {
        for p in PRESETS {
            assert!(Shape::named(p, 1).is_some(), "{p}");
        }
        assert!(Shape::named("nope", 1).is_none());
    }

    #[test]
    fn random_shapes_stay_in_range_and_vary() {
        let shapes: Vec<Shape> = (0..200).map(Shape::random).collect();
        for s in &shapes {
            assert!(s.max_rota_teams == 0 || (2..=4).contains(&s.max_rota_teams));
            assert!((4.0..=10.0).contains(&s.max_rota_load));
            assert!((2000.0..=3500.0).contains(&s.team_standby));
            assert!((8.0..=15.0).contains(&s.no_cover_hours));
        }
        assert!(shapes.iter().any(|s| s.allow_upgrades));
        assert!(shapes.iter().any(|s| !s.respect_loss_thresholds));
        assert!(shapes.iter().any(|s| s.four_targets));
        assert!(shapes.iter().any(|s| s.max_rota_load == 10.0));
        assert!(shapes.iter().any(|s| s.max_rota_teams == 4));
        assert!(shapes
            .iter()
            .any(|s| matches!(s.product, Hierarchy::Chains(_))));
        assert_eq!(Shape::random(9), Shape::random(9));
    }
}
