//! An imported organisation as a scenario TOML a planner can read and edit:
//! a header saying where it came from and what was left out, the policy, and
//! each team, domain and application with a comment naming its row or entity.

use std::fmt::Write;

use super::Imported;
use crate::scenario::format::{RotaSupport, Scenario};

/// The scenario as commented TOML (parses back to the same `Scenario`).
pub fn to_toml(imported: &Imported) -> String {
    let s: &Scenario = &imported.scenario;
    let mut out = String::new();
    for line in &imported.header {
        comment(&mut out, line);
    }
    if !imported.notes.is_empty() {
        comment(&mut out, "");
        comment(&mut out, "Left out or assumed:");
        for note in &imported.notes {
            comment(&mut out, &format!("  - {note}"));
        }
    }
    out.push('\n');
    kv(&mut out, "name", &string(&s.name));
    kv(&mut out, "currency", &string(&s.currency));

    out.push_str("\n[policy]\n");
    kv(&mut out, "month_hours", &num(s.policy.month_hours));
    kv(&mut out, "max_rota_load", &num(s.policy.max_rota_load));
    kv(
        &mut out,
        "max_rota_teams",
        &s.policy.max_rota_teams.to_string(),
    );
    kv(
        &mut out,
        "allow_upgrades",
        &s.policy.allow_upgrades.to_string(),
    );
    kv(
        &mut out,
        "respect_loss_thresholds",
        &s.policy.respect_loss_thresholds.to_string(),
    );
    rota_support(&mut out, "team_rota", Some(&s.support.team_rota));
    rota_support(&mut out, "domain_rota", s.support.domain_rota.as_ref());
    if let Some(none) = &s.support.none {
        out.push_str("\n[support.none]\n");
        kv(&mut out, "ttr_minutes", &num(none.ttr_minutes));
    }
    let operations = s.support.operations.as_ref();
    rota_support(
        &mut out,
        "operations",
        operations.map(|o| o.rota()).as_ref(),
    );
    if let Some(factor) = operations.and_then(|o| o.incident_factor) {
        kv(&mut out, "incident_factor", &num(factor));
    }
    for t in &s.targets {
        out.push_str("\n[[targets]]\n");
        kv(&mut out, "name", &string(&t.name));
        kv(&mut out, "availability", &num(t.availability));
        kv(&mut out, "min_revenue_loss", &num(t.min_revenue_loss));
        kv(&mut out, "support", &string(t.support.as_str()));
        if t.engineering_cost_per_month != 0.0 {
            kv(
                &mut out,
                "engineering_cost_per_month",
                &num(t.engineering_cost_per_month),
            );
        }
    }

    section(&mut out, "teams");
    for t in &s.teams {
        header(&mut out, "teams", imported.origins.teams.get(&t.id));
        kv(&mut out, "id", &string(&t.id));
        opt(&mut out, "name", t.name.as_deref());
        opt(&mut out, "location", t.location.as_deref());
        list(&mut out, "technologies", &t.technologies);
    }

    section(&mut out, "domains");
    for d in &s.domains {
        header(&mut out, "domains", imported.origins.domains.get(&d.id));
        kv(&mut out, "id", &string(&d.id));
        kv(&mut out, "kind", &string(d.kind.as_str()));
        opt(&mut out, "name", d.name.as_deref());
        opt(&mut out, "parent", d.parent.as_deref());
    }

    section(&mut out, "applications");
    for a in &s.applications {
        header(
            &mut out,
            "applications",
            imported.origins.applications.get(&a.id),
        );
        kv(&mut out, "id", &string(&a.id));
        opt(&mut out, "name", a.name.as_deref());
        kv(&mut out, "team", &string(&a.team));
        list(&mut out, "domains", &a.domains);
        list(&mut out, "technologies", &a.technologies);
        opt(&mut out, "target", a.target.as_deref());
        opt(&mut out, "min_target", a.min_target.as_deref());
        kv(&mut out, "loss_per_hour", &num(a.loss_per_hour));
        if let Some(m) = a.max_loss {
            kv(&mut out, "max_loss", &num(m));
        }
        kv(&mut out, "incidents_per_month", &num(a.incidents_per_month));
        kv(&mut out, "load", &num(a.load));
        kv(
            &mut out,
            "demand",
            &string(match a.demand {
                crate::scenario::format::Demand::High => "high",
                crate::scenario::format::Demand::Low => "low",
            }),
        );
    }
    out
}

fn comment(out: &mut String, line: &str) {
    // A newline inside an id or file name never ends the comment early.
    let safe: String = line
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if safe.is_empty() {
        out.push_str("#\n");
    } else {
        let _ = writeln!(out, "# {safe}");
    }
}

fn section(out: &mut String, name: &str) {
    let _ = writeln!(
        out,
        "\n# ---------------------------------------------------------------- {name}"
    );
}

fn header(out: &mut String, table: &str, origin: Option<&String>) {
    out.push('\n');
    match origin {
        Some(o) => {
            let head = format!("[[{table}]]");
            let safe: String = o
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let _ = writeln!(out, "{head:<32}# {safe}");
        }
        None => {
            let _ = writeln!(out, "[[{table}]]");
        }
    }
}

fn rota_support(out: &mut String, key: &str, s: Option<&RotaSupport>) {
    if let Some(s) = s {
        let _ = writeln!(out, "\n[support.{key}]");
        kv(out, "standby_per_month", &num(s.standby_per_month));
        kv(out, "ttr_minutes", &num(s.ttr_minutes));
        kv(out, "callout_cost", &num(s.callout_cost));
    }
}

fn kv(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {value}");
}

fn opt(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        kv(out, key, &string(v));
    }
}

fn list(out: &mut String, key: &str, items: &[String]) {
    if !items.is_empty() {
        let quoted: Vec<String> = items.iter().map(|i| string(i)).collect();
        kv(out, key, &format!("[{}]", quoted.join(", ")));
    }
}

/// A TOML basic string, escaped by the `toml` crate.
fn string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A figure as TOML reads it back exactly: Rust's shortest round-trip
/// decimal, which never uses an exponent.
fn num(x: f64) -> String {
    format!("{x}")
}
