//! Where a goal stands at the plan's current revision: its latest reported status or, with no
//! result yet, whether it is due. Shared by the views and the charts.

use crate::load::{GoalMeta, Status};
use crate::model::Plan;

/// Where a goal stands at the plan's current revision: its latest reported status, or, with no
/// result yet, whether its deadline (or else the end of the plan period) has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Reported(Status),
    NotYetDue,
    DueNotReported,
}

/// Every standing, in the order summaries list them.
pub const STANDINGS: [Standing; 7] = [
    Standing::Reported(Status::Met),
    Standing::Reported(Status::ProvisionallyMet),
    Standing::Reported(Status::PartlyMet),
    Standing::Reported(Status::NotMet),
    Standing::Reported(Status::Unknown),
    Standing::DueNotReported,
    Standing::NotYetDue,
];

impl Standing {
    /// The machine value, CSS hook and URL segment of `/mal/<key>/`.
    pub fn key(self) -> &'static str {
        match self {
            Standing::Reported(Status::Met) => "met",
            Standing::Reported(Status::ProvisionallyMet) => "provisionally-met",
            Standing::Reported(Status::PartlyMet) => "partly-met",
            Standing::Reported(Status::NotMet) => "not-met",
            Standing::Reported(Status::Unknown) => "unknown",
            Standing::NotYetDue => "not-yet-due",
            Standing::DueNotReported => "due-not-reported",
        }
    }

    /// A symbol beside the label, so that status never rests on colour alone.
    pub fn icon(self) -> &'static str {
        match self {
            Standing::Reported(Status::Met) => "✔",
            Standing::Reported(Status::ProvisionallyMet) => "(✔)",
            Standing::Reported(Status::PartlyMet) => "◐",
            Standing::Reported(Status::NotMet) => "✘",
            Standing::Reported(Status::Unknown) => "?",
            Standing::NotYetDue => "○",
            Standing::DueNotReported => "!",
        }
    }
}

/// The year a plan revision stands in (`2026-02` → 2026), the "now" of every status: the
/// build reads no clock, so the same content always says the same.
pub fn revision_year(plan: &Plan) -> i32 {
    first_year(&plan.revision.date).unwrap_or(0)
}

fn first_year(text: &str) -> Option<i32> {
    text.get(..4)?.parse().ok()
}

/// The last year named in the plan's period ("2023–2026" → 2026).
fn period_end(plan: &Plan) -> Option<i32> {
    let digits: Vec<char> = plan
        .meta
        .period
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    tail.parse().ok()
}

pub fn standing(goal: &GoalMeta, plan: &Plan) -> Standing {
    goal_standing(goal, revision_year(plan), period_end(plan))
}

/// A goal is due once the year of its deadline (or of the plan period's end) is over.
pub fn goal_standing(goal: &GoalMeta, now: i32, period_end: Option<i32>) -> Standing {
    if let Some(latest) = goal.results.iter().max_by_key(|r| (r.year, r.month)) {
        return Standing::Reported(latest.status);
    }
    match goal.deadline.or(period_end) {
        Some(deadline) if deadline < now => Standing::DueNotReported,
        _ => Standing::NotYetDue,
    }
}
