//! Terraform (HCL) for the PagerDuty provider
//! (registry.terraform.io/providers/PagerDuty/pagerduty): per rota a
//! `pagerduty_schedule` and a `pagerduty_escalation_policy` paging it; per
//! application a `pagerduty_service` on its rota's policy. An application
//! without out-of-hours cover gets a service on its team's daytime policy
//! whose urgency is high in support hours and low outside them
//! (`incident_urgency_rule` of type `use_support_hours`, with the
//! `support_hours` and `scheduled_actions` blocks the provider requires).
//!
//! People and PagerDuty teams are Terraform variables the planner fills in;
//! every name is a valid, unique Terraform name (`names`), and strings go
//! through hcl-rs, which escapes quotes, control characters and `${`.

use std::collections::BTreeMap;

use hcl::expr::{Expression, FuncCall, Traversal, Variable};
use hcl::{Attribute, Block, Body};

use super::names::unique_names;
use super::{OnCall, Sources, SupportHours};
use crate::numbers::printable;

/// Terraform for `on_call`, one trailing newline.
pub fn terraform(on_call: &OnCall, hours: &SupportHours, sources: &Sources) -> String {
    let rota_names = unique_names(on_call.rotas.iter().map(|r| r.name.as_str()));
    let service_names = unique_names(on_call.services.iter().map(|s| s.id.as_str()));
    let uncovered: Vec<_> = on_call
        .services
        .iter()
        .filter(|s| s.rota.is_none())
        .collect();
    // Daytime policies of the teams of uncovered applications; one shared
    // variable for those whose team the layout alone does not say.
    let teams: Vec<&str> = {
        let set: std::collections::BTreeSet<&str> =
            uncovered.iter().filter_map(|s| s.team.as_deref()).collect();
        set.into_iter().collect()
    };
    let team_names: BTreeMap<&str, String> = teams
        .iter()
        .copied()
        .zip(unique_names(teams.iter().copied()))
        .collect();

    let mut sections: Vec<(Option<String>, Body)> = Vec::new();
    sections.push((None, provider_block()));

    let mut settings = Body::builder();
    if !on_call.rotas.is_empty() {
        settings = settings
            .add_block(variable(
                "rotation_start",
                "string",
                "when the rotas' first shift starts (RFC 3339, e.g. 2027-01-04T18:00:00Z)",
                None,
            ))
            .add_block(variable(
                "shift_seconds",
                "number",
                "length of one on-call shift in seconds (one week: 604800)",
                Some(604_800u64.into()),
            ))
            .add_block(variable(
                "escalation_delay_minutes",
                "number",
                "minutes before an unacknowledged incident escalates again",
                Some(30u64.into()),
            ));
    }
    if !on_call.rotas.is_empty() || !uncovered.is_empty() {
        settings = settings.add_block(variable(
            "time_zone",
            "string",
            "time zone of the schedules and of the support hours (IANA, e.g. Europe/London)",
            Some(hours.time_zone.clone().into()),
        ));
    }
    if !uncovered.is_empty() {
        let days: Vec<Expression> = hours.days.iter().map(|&d| u64::from(d).into()).collect();
        settings = settings
            .add_block(variable(
                "support_hours_start",
                "string",
                "start of support hours (HH:MM:SS): applications without out-of-hours cover page at high urgency from then",
                Some(hours.start.clone().into()),
            ))
            .add_block(variable(
                "support_hours_end",
                "string",
                "end of support hours (HH:MM:SS): after it, applications without out-of-hours cover page at low urgency",
                Some(hours.end.clone().into()),
            ))
            .add_block(variable_of(
                "support_days",
                FuncCall::builder("list").arg(raw_type("number")).build().into(),
                "days of support hours, 1 Monday to 7 Sunday",
                Some(Expression::Array(days)),
            ));
        for (team, name) in &team_names {
            settings = settings.add_block(variable(
                &format!("{name}_daytime_policy"),
                "string",
                &format!(
                    "id of the escalation policy that team {} answers in support hours, for its applications without out-of-hours cover",
                    printable(team)
                ),
                None,
            ));
        }
        if uncovered.iter().any(|s| s.team.is_none()) {
            settings = settings.add_block(variable(
                "daytime_policy",
                "string",
                "id of the escalation policy answering in support hours for applications without out-of-hours cover whose team the layout does not name",
                None,
            ));
        }
    }
    sections.push((
        Some("Settings the planner fills in or keeps".into()),
        settings.build(),
    ));

    for (i, r) in on_call.rotas.iter().enumerate() {
        let name = &rota_names[i];
        let users = format!("{name}_users");
        let teams_var = format!("{name}_teams");
        let description = format!(
            "{} ({}): {}",
            r.name,
            r.description,
            if r.applications.is_empty() {
                "no applications".to_string()
            } else {
                r.applications.join(", ")
            }
        );
        let body = Body::builder()
            .add_block(variable_of(
                &users,
                FuncCall::builder("list")
                    .arg(raw_type("string"))
                    .build()
                    .into(),
                &format!(
                    "PagerDuty user ids on rota {}, in on-call order",
                    printable(&r.name)
                ),
                None,
            ))
            .add_block(variable_of(
                &teams_var,
                FuncCall::builder("list")
                    .arg(raw_type("string"))
                    .build()
                    .into(),
                &format!(
                    "PagerDuty team ids owning rota {} (an escalation policy takes at most one)",
                    printable(&r.name)
                ),
                Some(Expression::Array(vec![])),
            ))
            .add_block(
                Block::builder("resource")
                    .add_label("pagerduty_schedule")
                    .add_label(name.as_str())
                    .add_attribute(("name", r.name.clone()))
                    .add_attribute(("description", format!("Out-of-hours rota {description}")))
                    .add_attribute(("time_zone", var("time_zone")))
                    .add_attribute(("teams", var(&teams_var)))
                    .add_block(
                        Block::builder("layer")
                            .add_attribute(("name", "Out of hours"))
                            .add_attribute(("start", var("rotation_start")))
                            .add_attribute(("rotation_virtual_start", var("rotation_start")))
                            .add_attribute(("rotation_turn_length_seconds", var("shift_seconds")))
                            .add_attribute(("users", var(&users)))
                            .build(),
                    )
                    .build(),
            )
            .add_block(
                Block::builder("resource")
                    .add_label("pagerduty_escalation_policy")
                    .add_label(name.as_str())
                    .add_attribute(("name", r.name.clone()))
                    .add_attribute(("description", format!("Pages rota {description}")))
                    .add_attribute(("teams", var(&teams_var)))
                    .add_block(
                        Block::builder("rule")
                            .add_attribute((
                                "escalation_delay_in_minutes",
                                var("escalation_delay_minutes"),
                            ))
                            .add_block(
                                Block::builder("target")
                                    .add_attribute(("type", "schedule_reference"))
                                    .add_attribute((
                                        "id",
                                        reference("pagerduty_schedule", name, "id"),
                                    ))
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .build();
        sections.push((Some(format!("Rota {description}")), body));
    }

    for (i, s) in on_call.services.iter().enumerate() {
        let target = s
            .target
            .as_deref()
            .map(|t| format!(", target {t}"))
            .unwrap_or_default();
        let (comment, body) = match s.rota {
            Some(r) => (
                format!(
                    "Application {} on rota {}{target}",
                    s.id, on_call.rotas[r].name
                ),
                service(
                    &service_names[i],
                    s,
                    &format!("on rota {}{target}", on_call.rotas[r].name),
                )
                .add_attribute((
                    "escalation_policy",
                    reference("pagerduty_escalation_policy", &rota_names[r], "id"),
                ))
                .add_block(
                    Block::builder("incident_urgency_rule")
                        .add_attribute(("type", "constant"))
                        .add_attribute(("urgency", "high"))
                        .build(),
                )
                .build(),
            ),
            None => {
                let policy = match s.team.as_deref().and_then(|t| team_names.get(t)) {
                    Some(t) => format!("{t}_daytime_policy"),
                    None => "daytime_policy".to_string(),
                };
                (
                    format!("Application {} without out-of-hours cover{target}: high urgency in support hours only", s.id),
                    service(&service_names[i], s, &format!("no out-of-hours cover{target}: high urgency in support hours, low outside"))
                        .add_attribute(("escalation_policy", var(&policy)))
                        .add_block(urgency_by_support_hours())
                        .add_block(support_hours_block())
                        .add_block(
                            Block::builder("scheduled_actions")
                                .add_attribute(("type", "urgency_change"))
                                .add_attribute(("to_urgency", "high"))
                                .add_block(
                                    Block::builder("at")
                                        .add_attribute(("type", "named_time"))
                                        .add_attribute(("name", "support_hours_start"))
                                        .build(),
                                )
                                .build(),
                        )
                        .build(),
                )
            }
        };
        sections.push((Some(comment), Body::builder().add_block(body).build()));
    }

    let mut out = header(on_call, sources);
    for (comment, body) in sections {
        if body.iter().next().is_none() {
            continue;
        }
        out.push('\n');
        if let Some(c) = comment {
            out.push_str(&comment_line(&c));
        }
        out.push_str(&format(&body));
    }
    out
}

/// HCL as `terraform fmt` lays out lists and object keys (one line, bare
/// keys); formatting a body built here cannot fail.
fn format(body: &Body) -> String {
    use hcl::format::{Format, Formatter};
    let mut f = Formatter::builder()
        .compact_arrays(true)
        .prefer_ident_keys(true)
        .build_vec();
    align_equals(&body.format_string(&mut f).unwrap_or_default())
}

/// Lines up the `=` of consecutive one-line attributes at one indentation,
/// as `terraform fmt` does, so that formatting the file changes nothing. A
/// string value never spans lines (newlines in it are escaped), so a line
/// `KEY = ...` is always an attribute's first line.
fn align_equals(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let attribute = |line: &str| -> Option<(usize, usize)> {
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        let key = rest.split(' ').next()?;
        let simple = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        (simple && rest[key.len()..].starts_with(" = ")).then_some((indent, key.len()))
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut i = 0;
    while i < lines.len() {
        let Some((indent, _)) = attribute(lines[i]) else {
            out.push_str(lines[i]);
            out.push('\n');
            i += 1;
            continue;
        };
        let mut end = i;
        while end < lines.len() && attribute(lines[end]).is_some_and(|(d, _)| d == indent) {
            end += 1;
        }
        let width = lines[i..end]
            .iter()
            .filter_map(|l| attribute(l))
            .map(|(_, k)| k)
            .max()
            .unwrap_or(0);
        for line in &lines[i..end] {
            let (key, value) = line[indent..].split_once(" = ").unwrap_or((line, ""));
            out.push_str(&format!("{}{key:<width$} = {value}\n", &line[..indent]));
        }
        i = end;
    }
    out
}

fn header(on_call: &OnCall, sources: &Sources) -> String {
    let mut from = format!("layout {}", sources.layout);
    if let Some(m) = &sources.model {
        from.push_str(&format!(" and model {m}"));
    }
    if let Some(s) = &on_call.scenario {
        from.push_str(&format!(" (scenario {s})"));
    }
    let covered = on_call.services.iter().filter(|s| s.rota.is_some()).count();
    let mut out = comment_line(&format!(
        "Terraform for the PagerDuty provider, written by `rota export pagerduty` from {from}."
    ));
    out.push_str(&comment_line(&format!(
        "{} rotas, {} services ({} with out-of-hours cover, {} paging in support hours only).",
        on_call.rotas.len(),
        on_call.services.len(),
        covered,
        on_call.services.len() - covered
    )));
    out.push_str(&comment_line(
        "Fill in the variables without a default (terraform.tfvars), then `terraform plan`.",
    ));
    out
}

/// A `#` comment on one line: whatever a name holds, it cannot end the
/// comment (`printable` escapes newlines and control characters).
fn comment_line(text: &str) -> String {
    format!("# {}\n", printable(text))
}

fn provider_block() -> Body {
    let source: hcl::Object<hcl::ObjectKey, Expression> = [(
        hcl::ObjectKey::from("source"),
        Expression::from("PagerDuty/pagerduty"),
    )]
    .into_iter()
    .collect();
    Body::builder()
        .add_block(
            Block::builder("terraform")
                .add_block(
                    Block::builder("required_providers")
                        .add_attribute(Attribute::new("pagerduty", Expression::Object(source)))
                        .build(),
                )
                .build(),
        )
        .build()
}

fn service(name: &str, s: &super::Service, about: &str) -> hcl::structure::BlockBuilder {
    Block::builder("resource")
        .add_label("pagerduty_service")
        .add_label(name)
        .add_attribute(("name", s.name.clone()))
        .add_attribute(("description", format!("Application {}: {about}", s.id)))
}

fn urgency_by_support_hours() -> Block {
    let constant = |ident: &str, urgency: &str| {
        Block::builder(ident)
            .add_attribute(("type", "constant"))
            .add_attribute(("urgency", urgency.to_string()))
            .build()
    };
    Block::builder("incident_urgency_rule")
        .add_attribute(("type", "use_support_hours"))
        .add_block(constant("during_support_hours", "high"))
        .add_block(constant("outside_support_hours", "low"))
        .build()
}

fn support_hours_block() -> Block {
    Block::builder("support_hours")
        .add_attribute(("type", "fixed_time_per_day"))
        .add_attribute(("time_zone", var("time_zone")))
        .add_attribute(("start_time", var("support_hours_start")))
        .add_attribute(("end_time", var("support_hours_end")))
        .add_attribute(("days_of_week", var("support_days")))
        .build()
}

fn variable(name: &str, ty: &str, description: &str, default: Option<Expression>) -> Block {
    variable_of(name, raw_type(ty), description, default)
}

fn variable_of(
    name: &str,
    ty: Expression,
    description: &str,
    default: Option<Expression>,
) -> Block {
    let mut b = Block::builder("variable")
        .add_label(name)
        .add_attribute(("description", description.to_string()))
        .add_attribute(("type", ty));
    if let Some(d) = default {
        b = b.add_attribute(("default", d));
    }
    b.build()
}

/// A type keyword (`string`, `number`) as Terraform writes it, bare.
fn raw_type(ty: &str) -> Expression {
    Variable::sanitized(ty).into()
}

/// `var.NAME`.
fn var(name: &str) -> Expression {
    Traversal::builder(Variable::sanitized("var"))
        .attr(name)
        .build()
        .into()
}

/// `KIND.NAME.ATTR`, a resource's attribute.
fn reference(kind: &str, name: &str, attr: &str) -> Expression {
    Traversal::builder(Variable::sanitized(kind))
        .attr(name)
        .attr(attr)
        .build()
        .into()
}

#[cfg(test)]
mod tests {
    use super::align_equals;

    #[test]
    fn equals_line_up_within_a_run_of_attributes_only() {
        let text =
            "a {\n  name = \"x = y\"\n  time_zone = var.z\n\n  layer {\n    users = []\n  }\n}\n";
        assert_eq!(
            align_equals(text),
            "a {\n  name      = \"x = y\"\n  time_zone = var.z\n\n  layer {\n    users = []\n  }\n}\n"
        );
    }
}
