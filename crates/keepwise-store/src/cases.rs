//! The case process in the store: staff, cases kept as their steps, and each
//! customer's standing (do-not-serve, parted with a follow-up date).
//!
//! Every step is written in one transaction together with its audit log entry, the
//! case summary and any change of the customer's status, so the audit log, the
//! case and the status can never disagree. Decisions are taken by
//! `keepwise_core::cases`; this module only persists them.

use chrono::{DateTime, NaiveDate, Utc};
use keepwise_core::cases::{
    Case, CaseOutcome, CaseState, CaseStep, CustomerStatus, Role, Staff, Transition,
};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::entity::{RowReader, timestamp};
use crate::{Store, StoreError};

/// One line of a case listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub case_id: String,
    pub customer_id: String,
    pub owner: String,
    pub state: CaseState,
    pub outcome: Option<CaseOutcome>,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A parted customer whose keep-in-touch follow-up is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpDue {
    pub customer_id: String,
    pub follow_up: NaiveDate,
    pub since: NaiveDate,
    pub case_id: String,
}

/// Capability: the case process.
pub trait CaseStore {
    /// Adds a staff member, or changes their name, role and team; audited.
    fn save_staff(
        &self,
        staff: &Staff,
        by: &str,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// A staff member by id (`NotFound` names the id).
    fn staff_member(
        &self,
        staff_id: &str,
    ) -> impl Future<Output = Result<Staff, StoreError>> + Send;
    /// Every staff member, by id.
    fn all_staff(&self) -> impl Future<Output = Result<Vec<Staff>, StoreError>> + Send;
    /// An id for the next case (`case-0001`, …).
    fn next_case_id(&self) -> impl Future<Output = Result<String, StoreError>> + Send;
    /// Stores a case that was just opened with its first step.
    fn save_opened_case(
        &self,
        case: &Case,
        step: &CaseStep,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Stores one step: the step, its audit entry, the case summary and the status change.
    fn save_transition(
        &self,
        transition: &Transition,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// A case rebuilt from its steps.
    fn case(&self, case_id: &str) -> impl Future<Output = Result<Case, StoreError>> + Send;
    /// Cases of one customer, or all, newest first.
    fn case_summaries(
        &self,
        customer_id: Option<&str>,
    ) -> impl Future<Output = Result<Vec<CaseSummary>, StoreError>> + Send;
    /// The case of a customer that has not ended yet, if any.
    fn running_case(
        &self,
        customer_id: &str,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
    /// Every closed case (for the losses report), rebuilt from its steps.
    fn closed_cases(&self) -> impl Future<Output = Result<Vec<Case>, StoreError>> + Send;
    /// A customer's standing; `Active` when nothing was decided.
    fn customer_status(
        &self,
        customer_id: &str,
    ) -> impl Future<Output = Result<CustomerStatus, StoreError>> + Send;
    /// Parted customers whose follow-up date is on or before `due`, earliest first.
    fn follow_ups_due(
        &self,
        due: NaiveDate,
    ) -> impl Future<Output = Result<Vec<FollowUpDue>, StoreError>> + Send;
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("process values serialize to JSON")
}

fn corrupt(
    table: &'static str,
    column: &'static str,
    detail: impl std::fmt::Display,
) -> StoreError {
    StoreError::Corrupt {
        table,
        column,
        detail: detail.to_string(),
    }
}

fn staff_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Staff, StoreError> {
    let r = RowReader::new("staff", row);
    let role = r.string("role")?;
    Ok(Staff {
        staff_id: r.string("staff_id")?,
        name: r.string("name")?,
        role: role
            .parse::<Role>()
            .map_err(|e| corrupt("staff", "role", e))?,
        team: r.opt_string("team")?,
    })
}

fn summary_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<CaseSummary, StoreError> {
    let r = RowReader::new("cases", row);
    let state = r.string("state")?;
    let outcome = r.opt_string("outcome")?;
    Ok(CaseSummary {
        case_id: r.string("case_id")?,
        customer_id: r.string("customer_id")?,
        owner: r.string("owner")?,
        state: state
            .parse()
            .map_err(|e: String| corrupt("cases", "state", e))?,
        outcome: outcome
            .map(|o| {
                serde_json::from_value(serde_json::Value::String(o.clone()))
                    .map_err(|e| corrupt("cases", "outcome", e))
            })
            .transpose()?,
        opened_at: r.timestamp("opened_at")?,
        updated_at: r.timestamp("updated_at")?,
    })
}

impl Store {
    /// Writes one step with its audit entry inside an open transaction.
    async fn insert_step(
        tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
        case: &Case,
        step: &CaseStep,
    ) -> Result<(), StoreError> {
        let mut details = serde_json::to_value(step).expect("steps serialize");
        details["case_id"] = case.case_id.clone().into();
        details["customer_id"] = case.customer_id.clone().into();
        let entry: i64 = sqlx::query_scalar(
            "INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?) RETURNING entry_id",
        )
        .bind(timestamp(&step.at))
        .bind(&step.actor)
        .bind(format!("case.{}", step.action.name()))
        .bind(&case.case_id)
        .bind(details.to_string())
        .fetch_one(&mut **tx)
        .await
        .map_err(StoreError::db("appending the case step to the audit log"))?;
        sqlx::query(
            "INSERT INTO case_steps (case_id, seq, at, actor, action, from_state, to_state, step, audit_entry) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&case.case_id)
        .bind(i64::from(step.seq))
        .bind(timestamp(&step.at))
        .bind(&step.actor)
        .bind(step.action.name())
        .bind(step.from.map(|s| s.as_str()))
        .bind(step.to.as_str())
        .bind(json(step))
        .bind(entry)
        .execute(&mut **tx)
        .await
        .map_err(StoreError::db(format!(
            "storing step {} of case '{}' (another step was stored first? show the case and try again)",
            step.seq, case.case_id
        )))?;
        Ok(())
    }

    async fn steps_of(&self, case_id: &str) -> Result<Vec<CaseStep>, StoreError> {
        let rows = sqlx::query("SELECT step FROM case_steps WHERE case_id = ? ORDER BY seq")
            .bind(case_id)
            .fetch_all(self.pool())
            .await
            .map_err(StoreError::db(format!(
                "reading the steps of case '{case_id}'"
            )))?;
        rows.iter()
            .map(|row| {
                let text: String = row
                    .try_get("step")
                    .map_err(|e| corrupt("case_steps", "step", e))?;
                serde_json::from_str(&text).map_err(|e| corrupt("case_steps", "step", e))
            })
            .collect()
    }
}

impl CaseStore for Store {
    async fn save_staff(
        &self,
        staff: &Staff,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write("a staff member").await?;
        let existed: Option<i64> = sqlx::query_scalar("SELECT 1 FROM staff WHERE staff_id = ?")
            .bind(&staff.staff_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::db("looking up the staff member"))?;
        sqlx::query(
            "INSERT INTO staff (staff_id, name, role, team, added_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (staff_id) DO UPDATE SET name = excluded.name, role = excluded.role, team = excluded.team",
        )
        .bind(&staff.staff_id)
        .bind(&staff.name)
        .bind(staff.role.as_str())
        .bind(&staff.team)
        .bind(timestamp(&at))
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("saving the staff member"))?;
        let action = if existed.is_some() {
            "staff.update"
        } else {
            "staff.add"
        };
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(timestamp(&at))
        .bind(by)
        .bind(action)
        .bind(&staff.staff_id)
        .bind(json(staff))
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("auditing the staff change"))?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing the staff member"))
    }

    async fn staff_member(&self, staff_id: &str) -> Result<Staff, StoreError> {
        let row = sqlx::query("SELECT staff_id, name, role, team FROM staff WHERE staff_id = ?")
            .bind(staff_id)
            .fetch_optional(self.pool())
            .await
            .map_err(StoreError::db("reading a staff member"))?
            .ok_or_else(|| StoreError::NotFound(format!("staff member '{staff_id}'")))?;
        staff_from_row(&row)
    }

    async fn all_staff(&self) -> Result<Vec<Staff>, StoreError> {
        let rows = sqlx::query("SELECT staff_id, name, role, team FROM staff ORDER BY staff_id")
            .fetch_all(self.pool())
            .await
            .map_err(StoreError::db("reading the staff"))?;
        rows.iter().map(staff_from_row).collect()
    }

    async fn next_case_id(&self) -> Result<String, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM cases")
            .fetch_one(self.pool())
            .await
            .map_err(StoreError::db("counting cases"))?;
        Ok(format!("case-{:04}", count + 1))
    }

    async fn save_opened_case(&self, case: &Case, step: &CaseStep) -> Result<(), StoreError> {
        let mut tx = self.begin_write("a new case").await?;
        sqlx::query(
            "INSERT INTO cases (case_id, customer_id, owner, state, outcome, opened_at, updated_at) \
             VALUES (?, ?, ?, ?, NULL, ?, ?)",
        )
        .bind(&case.case_id)
        .bind(&case.customer_id)
        .bind(&case.owner)
        .bind(case.state.as_str())
        .bind(timestamp(&case.opened_at))
        .bind(timestamp(&case.opened_at))
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db(format!(
            "opening case '{}' (does customer '{}' already have a running case?)",
            case.case_id, case.customer_id
        )))?;
        Store::insert_step(&mut tx, case, step).await?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing the new case"))
    }

    async fn save_transition(&self, transition: &Transition) -> Result<(), StoreError> {
        let case = &transition.case;
        let step = &transition.step;
        let mut tx = self.begin_write("a case step").await?;
        Store::insert_step(&mut tx, case, step).await?;
        sqlx::query("UPDATE cases SET state = ?, outcome = ?, updated_at = ? WHERE case_id = ?")
            .bind(case.state.as_str())
            .bind(case.outcome.map(|o| o.as_str()))
            .bind(timestamp(&step.at))
            .bind(&case.case_id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("updating the case"))?;
        if let Some(status) = &transition.status {
            let (since, follow_up, review_date) = match status {
                CustomerStatus::Active => (step.at.date_naive(), None, None),
                CustomerStatus::Parted {
                    since, follow_up, ..
                } => (*since, *follow_up, None),
                CustomerStatus::DoNotServe(record) => (
                    record.approved_at.date_naive(),
                    None,
                    Some(record.review_date),
                ),
            };
            if matches!(status, CustomerStatus::Active) {
                sqlx::query("DELETE FROM customer_status WHERE customer_id = ?")
                    .bind(&case.customer_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::db("clearing the customer's status"))?;
            } else {
                sqlx::query(
                    "INSERT INTO customer_status (customer_id, status, case_id, since, follow_up, review_date, record, updated_at) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
                     ON CONFLICT (customer_id) DO UPDATE SET status = excluded.status, case_id = excluded.case_id, \
                     since = excluded.since, follow_up = excluded.follow_up, review_date = excluded.review_date, \
                     record = excluded.record, updated_at = excluded.updated_at",
                )
                .bind(&case.customer_id)
                .bind(status.name())
                .bind(&case.case_id)
                .bind(since.to_string())
                .bind(follow_up.map(|d| d.to_string()))
                .bind(review_date.map(|d| d.to_string()))
                .bind(json(status))
                .bind(timestamp(&step.at))
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("saving the customer's status"))?;
            }
        }
        tx.commit()
            .await
            .map_err(StoreError::db("committing the case step"))
    }

    async fn case(&self, case_id: &str) -> Result<Case, StoreError> {
        let row = sqlx::query("SELECT customer_id FROM cases WHERE case_id = ?")
            .bind(case_id)
            .fetch_optional(self.pool())
            .await
            .map_err(StoreError::db("reading a case"))?
            .ok_or_else(|| StoreError::NotFound(format!("case '{case_id}'")))?;
        let customer_id: String = row
            .try_get("customer_id")
            .map_err(|e| corrupt("cases", "customer_id", e))?;
        let steps = self.steps_of(case_id).await?;
        let staff = self.all_staff().await?;
        Case::replay(case_id, &customer_id, &steps, &staff)
            .map_err(|e| corrupt("case_steps", "step", e))
    }

    async fn case_summaries(
        &self,
        customer_id: Option<&str>,
    ) -> Result<Vec<CaseSummary>, StoreError> {
        let rows = match customer_id {
            Some(id) => {
                sqlx::query(
                    "SELECT case_id, customer_id, owner, state, outcome, opened_at, updated_at FROM cases \
                     WHERE customer_id = ? ORDER BY opened_at DESC, case_id DESC",
                )
                .bind(id)
                .fetch_all(self.pool())
                .await
            }
            None => {
                sqlx::query(
                    "SELECT case_id, customer_id, owner, state, outcome, opened_at, updated_at FROM cases \
                     ORDER BY opened_at DESC, case_id DESC",
                )
                .fetch_all(self.pool())
                .await
            }
        }
        .map_err(StoreError::db("listing cases"))?;
        rows.iter().map(summary_from_row).collect()
    }

    async fn running_case(&self, customer_id: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT case_id FROM cases WHERE customer_id = ? AND state NOT IN ('resolved', 'closed')")
            .bind(customer_id)
            .fetch_optional(self.pool())
            .await
            .map_err(StoreError::db("looking up the customer's running case"))
    }

    async fn closed_cases(&self) -> Result<Vec<Case>, StoreError> {
        let ids: Vec<String> =
            sqlx::query_scalar("SELECT case_id FROM cases WHERE state = 'closed' ORDER BY case_id")
                .fetch_all(self.pool())
                .await
                .map_err(StoreError::db("listing closed cases"))?;
        let mut cases = Vec::with_capacity(ids.len());
        for id in ids {
            cases.push(self.case(&id).await?);
        }
        Ok(cases)
    }

    async fn customer_status(&self, customer_id: &str) -> Result<CustomerStatus, StoreError> {
        let record: Option<String> =
            sqlx::query_scalar("SELECT record FROM customer_status WHERE customer_id = ?")
                .bind(customer_id)
                .fetch_optional(self.pool())
                .await
                .map_err(StoreError::db("reading the customer's status"))?;
        match record {
            None => Ok(CustomerStatus::Active),
            Some(text) => {
                serde_json::from_str(&text).map_err(|e| corrupt("customer_status", "record", e))
            }
        }
    }

    async fn follow_ups_due(&self, due: NaiveDate) -> Result<Vec<FollowUpDue>, StoreError> {
        let rows = sqlx::query(
            "SELECT customer_id, follow_up, since, case_id FROM customer_status \
             WHERE status = 'parted' AND follow_up IS NOT NULL AND follow_up <= ? ORDER BY follow_up, customer_id",
        )
        .bind(due.to_string())
        .fetch_all(self.pool())
        .await
        .map_err(StoreError::db("listing due follow-ups"))?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new("customer_status", row);
                let date = |column: &'static str| -> Result<NaiveDate, StoreError> {
                    let text = r.string(column)?;
                    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                        .map_err(|e| corrupt("customer_status", column, e))
                };
                Ok(FollowUpDue {
                    customer_id: r.string("customer_id")?,
                    follow_up: date("follow_up")?,
                    since: date("since")?,
                    case_id: r.string("case_id")?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use keepwise_core::cases::{
        self, CaseCommand, Evidence, EvidenceItem, EvidenceKind, PostMortem, RefusalGround,
        SentMessage,
    };

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, day, 10, 0, 0).unwrap()
    }

    fn staff(id: &str, role: Role) -> Staff {
        Staff {
            staff_id: id.into(),
            name: id.to_uppercase(),
            role,
            team: Some("care".into()),
        }
    }

    async fn store_with_staff(dir: &tempfile::TempDir) -> Store {
        let store = Store::open(&dir.path().join("k.db")).await.unwrap();
        store
            .save_staff(&staff("ana", Role::Agent), "setup", at(1))
            .await
            .unwrap();
        store
            .save_staff(&staff("max", Role::Manager), "setup", at(1))
            .await
            .unwrap();
        store
    }

    async fn step(store: &Store, case: &Case, command: CaseCommand, actor: &str, day: u32) -> Case {
        let actor = store.staff_member(actor).await.unwrap();
        let transition = cases::apply(case, command, &actor, at(day)).unwrap();
        store.save_transition(&transition).await.unwrap();
        transition.case
    }

    fn abuse() -> Evidence {
        Evidence {
            signals: vec!["staff_abuse".into()],
            items: vec![EvidenceItem {
                kind: EvidenceKind::StaffReport,
                id: "r-1".into(),
                summary: "threats".into(),
            }],
        }
    }

    fn message() -> SentMessage {
        SentMessage {
            situation: "refuse_service".into(),
            language: "en".into(),
            subject: "s".into(),
            body: "b".into(),
        }
    }

    #[tokio::test]
    async fn a_refusal_is_stored_step_by_step_with_audit_and_status() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_staff(&dir).await;
        let ana = store.staff_member("ana").await.unwrap();
        let id = store.next_case_id().await.unwrap();
        assert_eq!(id, "case-0001");
        let (case, first) = cases::open(&id, "cust-1", Some("threats"), &ana, at(2)).unwrap();
        store.save_opened_case(&case, &first).await.unwrap();
        assert_eq!(
            store.running_case("cust-1").await.unwrap().as_deref(),
            Some("case-0001")
        );

        let case = step(
            &store,
            &case,
            CaseCommand::VerifyFacts { evidence: abuse() },
            "ana",
            3,
        )
        .await;
        let review = NaiveDate::from_ymd_opt(2027, 5, 1).unwrap();
        let approve = CaseCommand::ApproveRefusal {
            ground: RefusalGround::StaffAbuse,
            reason: "threatened the courier".into(),
            review_date: review,
            confirmed: true,
        };
        let case = step(&store, &case, approve, "max", 4).await;
        let CustomerStatus::DoNotServe(record) = store.customer_status("cust-1").await.unwrap()
        else {
            panic!("expected do-not-serve")
        };
        assert_eq!(
            (record.approver.as_str(), record.review_date),
            ("max", review)
        );
        assert_eq!(record.evidence, abuse());

        let case = step(
            &store,
            &case,
            CaseCommand::SendRefusal {
                message: message(),
                confirmed: true,
            },
            "ana",
            5,
        )
        .await;
        let post_mortem = PostMortem {
            root_cause: "abuse".into(),
            business_at_fault: false,
            training: vec![],
        };
        let case = step(
            &store,
            &case,
            CaseCommand::RecordPostMortem { post_mortem },
            "ana",
            6,
        )
        .await;
        let case = step(
            &store,
            &case,
            CaseCommand::Close { confirmed: true },
            "ana",
            7,
        )
        .await;

        let stored = store.case("case-0001").await.unwrap();
        assert_eq!(stored, case);
        assert_eq!(stored.outcome, Some(CaseOutcome::Refused));
        assert_eq!(store.running_case("cust-1").await.unwrap(), None);
        assert_eq!(store.closed_cases().await.unwrap().len(), 1);
        assert_eq!(
            store
                .follow_ups_due(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap())
                .await
                .unwrap(),
            vec![]
        );

        let rows: Vec<(String, String, String, String)> =
            sqlx::query_as("SELECT at, actor, action, details FROM audit_log WHERE subject = 'case-0001' ORDER BY entry_id")
                .fetch_all(store.pool())
                .await
                .unwrap();
        let actions: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
        assert_eq!(
            actions,
            [
                "case.open",
                "case.verify_facts",
                "case.approve_refusal",
                "case.send_refusal",
                "case.record_post_mortem",
                "case.close"
            ]
        );
        assert_eq!(
            (rows[2].0.as_str(), rows[2].1.as_str()),
            ("2026-05-04T10:00:00Z", "max")
        );
        let details: serde_json::Value = serde_json::from_str(&rows[2].3).unwrap();
        assert_eq!(details["customer_id"], "cust-1");
        assert_eq!(details["evidence"]["items"][0]["id"], "r-1");
        assert_eq!(details["ground"], "staff_abuse");
    }

    #[tokio::test]
    async fn a_customer_has_one_running_case_and_steps_cannot_be_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_staff(&dir).await;
        let ana = store.staff_member("ana").await.unwrap();
        let (case, first) = cases::open("case-0001", "cust-1", None, &ana, at(2)).unwrap();
        store.save_opened_case(&case, &first).await.unwrap();
        let (second, second_first) = cases::open("case-0002", "cust-1", None, &ana, at(2)).unwrap();
        let error = store
            .save_opened_case(&second, &second_first)
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("already have a running case"),
            "{error}"
        );
        let error = sqlx::query("UPDATE case_steps SET actor = 'max'")
            .execute(store.pool())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("append-only"), "{error}");
        let error = sqlx::query("DELETE FROM case_steps")
            .execute(store.pool())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("append-only"), "{error}");
    }

    #[tokio::test]
    async fn parted_customers_with_a_due_follow_up_are_listed() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_staff(&dir).await;
        let ana = store.staff_member("ana").await.unwrap();
        let (mut case, first) = cases::open("case-0001", "cust-2", None, &ana, at(1)).unwrap();
        store.save_opened_case(&case, &first).await.unwrap();
        let evidence = Evidence {
            signals: vec!["unused_contract".into()],
            items: vec![],
        };
        let farewell = SentMessage {
            situation: "farewell".into(),
            language: "en".into(),
            subject: "s".into(),
            body: "b".into(),
        };
        let follow_up = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
        for (day, command, actor) in [
            (2, CaseCommand::VerifyFacts { evidence }, "ana"),
            (
                3,
                CaseCommand::AskOutcome {
                    wanted: "to leave".into(),
                },
                "ana",
            ),
            (
                4,
                CaseCommand::MakeOffer {
                    terms: "a discount".into(),
                },
                "ana",
            ),
            (5, CaseCommand::Decline { note: None }, "ana"),
            (
                6,
                CaseCommand::ProposeParting {
                    reason: "no use for it".into(),
                },
                "ana",
            ),
            (7, CaseCommand::ApproveParting { confirmed: true }, "max"),
            (
                8,
                CaseCommand::SendFarewell {
                    message: farewell,
                    confirmed: true,
                },
                "ana",
            ),
            (9, CaseCommand::ScheduleFollowUp { date: follow_up }, "ana"),
        ] {
            case = step(&store, &case, command, actor, day).await;
        }
        assert_eq!(
            store.customer_status("cust-2").await.unwrap().follow_up(),
            Some(follow_up)
        );
        assert_eq!(
            store
                .follow_ups_due(NaiveDate::from_ymd_opt(2026, 11, 9).unwrap())
                .await
                .unwrap(),
            vec![]
        );
        let due = store.follow_ups_due(follow_up).await.unwrap();
        assert_eq!(
            due,
            vec![FollowUpDue {
                customer_id: "cust-2".into(),
                follow_up,
                since: NaiveDate::from_ymd_opt(2026, 5, 8).unwrap(),
                case_id: "case-0001".into()
            }]
        );
        assert_eq!(
            store.customer_status("someone-else").await.unwrap(),
            CustomerStatus::Active
        );
        let summaries = store.case_summaries(Some("cust-2")).await.unwrap();
        assert_eq!(summaries[0].state, CaseState::FollowUpScheduled);
    }

    #[tokio::test]
    async fn staff_changes_are_saved_and_audited() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_staff(&dir).await;
        store
            .save_staff(&staff("ana", Role::Manager), "max", at(3))
            .await
            .unwrap();
        assert_eq!(store.staff_member("ana").await.unwrap().role, Role::Manager);
        let error = store.staff_member("nobody").await.unwrap_err();
        assert!(
            error.to_string().contains("staff member 'nobody'"),
            "{error}"
        );
        let actions: Vec<String> = sqlx::query_scalar(
            "SELECT action FROM audit_log WHERE subject = 'ana' ORDER BY entry_id",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        assert_eq!(actions, ["staff.add", "staff.update"]);
    }
}
