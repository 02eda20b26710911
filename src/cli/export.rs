use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{fail, usage, EXIT_OK};
use crate::cli::output::{refuse_overwriting_inputs, write_or_emit};
use crate::export::{pagerduty, OnCall, Sources, SupportHours};
use crate::layout::read_layout;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub tool: Tool,
}

#[derive(Debug, Subcommand)]
pub enum Tool {
    /// Terraform for the PagerDuty provider: a schedule and an escalation policy per rota, a service per application
    Pagerduty(PagerdutyArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "\
Users and PagerDuty teams are Terraform variables to fill in (terraform.tfvars).
An application on no rota (give --model to know them all) gets a service on its
team's daytime escalation policy: high urgency in support hours, low outside.")]
pub struct PagerdutyArgs {
    /// Rota layout to export (SPEC §4; TOML, or JSON by extension), e.g. from `rota solve --output`
    pub layout: PathBuf,
    /// Organisation model: every application gets a service (those on no rota page in support hours only), with its name and team
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Write the Terraform to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Time zone of the schedules and support hours (IANA, e.g. Europe/London): the variable's default
    #[arg(long, value_name = "ZONE", default_value = "UTC", value_parser = time_zone)]
    pub time_zone: String,
    /// Support hours, HH:MM-HH:MM: the variables' defaults
    #[arg(long, value_name = "START-END", default_value = "09:00-17:00", value_parser = hours)]
    pub support_hours: (String, String),
    /// Days of support hours, 1 Monday to 7 Sunday: a list and ranges such as 1-5 or 1,3,5-6
    #[arg(long, value_name = "DAYS", default_value = "1-5", value_parser = days)]
    pub support_days: Days,
}

pub fn run(args: &ExportArgs) -> i32 {
    match &args.tool {
        Tool::Pagerduty(a) => run_pagerduty(a),
    }
}

fn run_pagerduty(args: &PagerdutyArgs) -> i32 {
    let mut inputs = vec![("the layout", args.layout.as_path())];
    if let Some(m) = &args.model {
        inputs.push(("the model", m.as_path()));
    }
    if let Some(o) = &args.output {
        if let Err(message) = refuse_overwriting_inputs(&[("--output", o)], &inputs) {
            return usage(message);
        }
    }
    let sources = Sources {
        layout: args.layout.display().to_string(),
        model: args.model.as_ref().map(|m| m.display().to_string()),
    };
    let layout = match read_layout(&args.layout) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let loaded = match &args.model {
        Some(m) => match crate::model::load(m) {
            Ok(l) => Some(l),
            Err(e) => return fail(e),
        },
        None => None,
    };
    if let (Some(l), Some(m)) = (&loaded, &args.model) {
        if let Err(e) = super::no_windows_yet("export", l, m) {
            return fail(e);
        }
    }
    if let Some(r) = layout.rotas.iter().find(|r| r.windows.is_some()) {
        return fail(format!(
            "{}: rota \"{}\" is staffed in some support windows only; `rota export` does not yet handle support windows ([[windows]])",
            args.layout.display(),
            r.name
        ));
    }
    let on_call = match OnCall::gather(&layout, loaded.as_ref().map(|l| &l.scenario), &sources) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let hours = SupportHours {
        time_zone: args.time_zone.clone(),
        start: args.support_hours.0.clone(),
        end: args.support_hours.1.clone(),
        days: args.support_days.0.clone(),
    };
    let text = pagerduty::terraform(&on_call, &hours, &sources);
    match write_or_emit(args.output.as_deref(), &text) {
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}

/// An IANA-style zone name: letters, digits and `/_+-`, as in
/// `Europe/London`, `America/Argentina/Buenos_Aires`, `Etc/GMT+2`, `UTC`.
fn time_zone(text: &str) -> Result<String, String> {
    let ok = !text.is_empty()
        && text.len() <= 64
        && text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c));
    if ok {
        Ok(text.to_string())
    } else {
        Err(format!(
            "{text:?} is not a time zone name; give an IANA name such as Europe/London or UTC"
        ))
    }
}

/// `HH:MM-HH:MM` as two `HH:MM:SS`; the end after the start.
fn hours(text: &str) -> Result<(String, String), String> {
    let bad = || format!("{text:?} is not support hours; give HH:MM-HH:MM, e.g. 09:00-17:00");
    let (start, end) = text.split_once('-').ok_or_else(bad)?;
    let minutes = |t: &str| -> Option<u32> {
        let (h, m) = t.trim().split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        (h < 24 && m < 60).then_some(h * 60 + m)
    };
    let (s, e) = (
        minutes(start).ok_or_else(bad)?,
        minutes(end).ok_or_else(bad)?,
    );
    if e <= s {
        return Err(format!(
            "{text:?}: support hours end before they start; give HH:MM-HH:MM within one day, e.g. 09:00-17:00"
        ));
    }
    let clock = |m: u32| format!("{:02}:{:02}:00", m / 60, m % 60);
    Ok((clock(s), clock(e)))
}

/// ISO days 1 (Monday) to 7 (Sunday), ascending, once each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Days(pub Vec<u8>);

/// `1-5`, `1,3,5-6`.
fn days(text: &str) -> Result<Days, String> {
    let bad = || {
        format!("{text:?} is not a list of days; give days 1 (Monday) to 7 (Sunday) and ranges, e.g. 1-5 or 1,3,5-6")
    };
    let day = |t: &str| match t.trim().parse::<u8>() {
        Ok(d) if (1..=7).contains(&d) => Ok(d),
        _ => Err(bad()),
    };
    let mut set = std::collections::BTreeSet::new();
    for part in text.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                if b < a {
                    return Err(bad());
                }
                set.extend(a..=b);
            }
            None => {
                set.insert(day(part)?);
            }
        }
    }
    Ok(Days(set.into_iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_hours_and_days_parse_and_refuse() {
        assert_eq!(
            hours("08:30-22:00").unwrap(),
            ("08:30:00".to_string(), "22:00:00".to_string())
        );
        assert!(hours("22:00-06:00").unwrap_err().contains("end before"));
        assert!(hours("9-17").is_err());
        assert!(hours("24:00-25:00").is_err());
        assert_eq!(days("1-5").unwrap().0, vec![1, 2, 3, 4, 5]);
        assert_eq!(days("6,1,3-4").unwrap().0, vec![1, 3, 4, 6]);
        assert!(days("0-5").is_err());
        assert!(days("5-1").is_err());
        assert!(days("").is_err());
        assert!(time_zone("Europe/London").is_ok());
        assert!(time_zone("Etc/GMT+2").is_ok());
        assert!(time_zone("Europe/\"x").is_err());
        assert!(time_zone("").is_err());
    }
}
