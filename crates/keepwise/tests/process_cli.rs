//! The case process through the real `keepwise` binary on a temporary database:
//! a whole parting, a whole refusal, the guards, the audit log and the exit terms.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{Days, Months, NaiveDate, Utc};
use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    /// A data set with a parting candidate (Czech, unused contract) and an abusive customer.
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let start = today()
            .checked_sub_months(Months::new(7))
            .unwrap()
            .checked_sub_days(Days::new(3))
            .unwrap();
        let reported = today().checked_sub_days(Days::new(10)).unwrap();
        write(
            &data,
            "customers.csv",
            "customer_id,name,language,created_at\n\
             c-part,Jana Nováková,cs,2025-01-10\n\
             c-abuse,Max Muster,de,2025-02-01\n",
        );
        write(
            &data,
            "contracts.csv",
            &format!(
                "contract_id,customer_id,start_date,term_months,monthly_fee,currency,upfront_cost\n\
                 k-1,c-part,{start},24,990,CZK,12000\n"
            ),
        );
        write(
            &data,
            "staff_reports.csv",
            &format!(
                "report_id,customer_id,staff_id,reported_at,kind,note\n\
                 r-1,c-abuse,ana,{reported},threat,threatened the courier\n"
            ),
        );
        write(
            dir.path(),
            "keepwise.toml",
            "[scripts]\nbusiness_name = \"Acme Telecom\"\ncontact = \"care@acme.example\"\n",
        );
        let env = Env { dir };
        env.ok(&["import", data.to_str().unwrap()]);
        env.ok(&[
            "staff",
            "add",
            "ana",
            "--name",
            "Ana Novak",
            "--role",
            "agent",
            "--team",
            "care",
        ]);
        env.ok(&[
            "staff", "add", "max", "--name", "Max Berg", "--role", "manager",
        ]);
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("keepwise.db")
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("keepwise");
        cmd.current_dir(self.dir.path())
            .arg("--db")
            .arg(self.db())
            .arg("--config")
            .arg(self.dir.path().join("keepwise.toml"))
            .args(args);
        cmd
    }

    /// Runs a command that must succeed; returns its standard output.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.cmd(args).output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            output.status.success(),
            "keepwise {args:?} failed:\n{stderr}\n{stdout}"
        );
        stdout
    }

    /// Runs a command that must be refused; returns its error output.
    fn refused(&self, args: &[&str]) -> String {
        let output = self.cmd(args).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            !output.status.success(),
            "keepwise {args:?} should have been refused"
        );
        stderr
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn a_whole_parting_walks_from_open_to_closed_and_every_guard_says_what_to_do() {
    let env = Env::new();
    let opened = env.ok(&[
        "case",
        "open",
        "c-part",
        "--as",
        "ana",
        "--reason",
        "pays for a contract nobody uses",
    ]);
    assert!(
        opened.contains("case-0001: opened for customer c-part"),
        "{opened}"
    );
    let again = env.refused(&["case", "open", "c-part", "--as", "ana"]);
    assert!(
        again.contains("already has a running case, case-0001"),
        "{again}"
    );

    let early = env.refused(&[
        "case",
        "ask-outcome",
        "case-0001",
        "--wanted",
        "to leave",
        "--as",
        "ana",
    ]);
    assert!(
        early.contains("needs `facts_verified`") && early.contains("case verify-facts"),
        "{early}"
    );
    let verified = env.ok(&[
        "case",
        "verify-facts",
        "case-0001",
        "--signal",
        "unused_contract",
        "--as",
        "ana",
    ]);
    assert!(verified.contains("open → facts_verified"), "{verified}");
    env.ok(&[
        "case",
        "ask-outcome",
        "case-0001",
        "--wanted",
        "to stop paying",
        "--as",
        "ana",
    ]);
    env.ok(&[
        "case",
        "offer",
        "case-0001",
        "--terms",
        "pause the contract for 3 months",
        "--as",
        "ana",
    ]);
    env.ok(&["case", "decline", "case-0001", "--as", "ana"]);
    env.ok(&[
        "case",
        "propose-parting",
        "case-0001",
        "--reason",
        "needs no internet at this address",
        "--as",
        "ana",
    ]);

    let unknown = env.refused(&["case", "approve", "case-0001", "--as", "zoe", "--confirm"]);
    assert!(unknown.contains("keepwise staff add"), "{unknown}");
    let agent = env.refused(&["case", "approve", "case-0001", "--as", "ana", "--confirm"]);
    assert!(agent.contains("`ana` is an agent"), "{agent}");
    let unconfirmed = env.refused(&["case", "approve", "case-0001", "--as", "max"]);
    assert!(unconfirmed.contains("--confirm"), "{unconfirmed}");
    env.ok(&["case", "approve", "case-0001", "--as", "max", "--confirm"]);

    let no_reason = env.refused(&[
        "case",
        "send-farewell",
        "case-0001",
        "--as",
        "ana",
        "--confirm",
    ]);
    assert!(no_reason.contains("--cannot-do"), "{no_reason}");
    let cannot_do = "internet na této adrese";
    let no_alternative = env.refused(&[
        "case",
        "send-farewell",
        "case-0001",
        "--cannot-do",
        cannot_do,
        "--as",
        "ana",
        "--confirm",
    ]);
    assert!(no_alternative.contains("--alternative"), "{no_alternative}");
    let farewell = env.ok(&[
        "case",
        "send-farewell",
        "case-0001",
        "--cannot-do",
        cannot_do,
        "--as",
        "ana",
        "--confirm",
        "--alternative",
        "Beta Networks (beta.example)",
    ]);
    assert!(
        farewell.contains("Dobrý den,"),
        "the farewell is in Czech:\n{farewell}"
    );
    assert!(
        farewell.contains("– Beta Networks (beta.example)"),
        "{farewell}"
    );
    assert!(farewell.contains("Ana Novak\nAcme Telecom"), "{farewell}");

    env.ok(&["case", "schedule-follow-up", "case-0001", "--as", "ana"]);
    let no_post_mortem = env.refused(&["case", "close", "case-0001", "--as", "ana", "--confirm"]);
    assert!(
        no_post_mortem.contains("needs a post-mortem"),
        "{no_post_mortem}"
    );
    env.ok(&[
        "case",
        "post-mortem",
        "case-0001",
        "--root-cause",
        "sold a contract for an address without coverage",
        "--at-fault",
        "true",
        "--training",
        "sales:checking coverage before signing",
        "--training",
        "ana:offering a pause earlier",
        "--as",
        "ana",
    ]);
    let closed = env.ok(&["case", "close", "case-0001", "--as", "ana", "--confirm"]);
    assert!(closed.contains("outcome: parted"), "{closed}");
    let after = env.refused(&["case", "offer", "case-0001", "--terms", "x", "--as", "ana"]);
    assert!(after.contains("has ended"), "{after}");

    let status = env.json(&["status-of", "c-part", "--format", "json"]);
    assert_eq!(status["status"], "parted");
    let follow_up = today()
        .checked_add_months(Months::new(6))
        .unwrap()
        .to_string();
    assert_eq!(status["follow_up"], follow_up.as_str());
    let due = env.json(&["follow-ups", "--due", &follow_up, "--format", "json"]);
    assert_eq!(due[0]["customer_id"], "c-part");
    let not_yet = env.json(&["follow-ups", "--format", "json"]);
    assert_eq!(not_yet, Value::Array(vec![]));

    let shown = env.json(&["case", "show", "case-0001", "--format", "json"]);
    let history = shown["case"]["history"].as_array().unwrap();
    let audit = shown["audit"].as_array().unwrap();
    assert_eq!(history.len(), 11);
    assert_eq!(audit.len(), history.len(), "every step is in the audit log");
    let approval = audit
        .iter()
        .find(|e| e["action"] == "case.approve_parting")
        .unwrap();
    assert_eq!(approval["actor"], "max");
    assert_eq!(approval["details"]["customer_id"], "c-part");
    assert_eq!(
        approval["details"]["evidence"]["signals"][0],
        "unused_contract"
    );
    let farewell_entry = audit
        .iter()
        .find(|e| e["action"] == "case.send_farewell")
        .unwrap();
    assert_eq!(farewell_entry["details"]["message"]["language"], "cs");

    let losses = env.json(&["report", "losses", "--format", "json"]);
    assert_eq!(losses["parted"], 1);
    assert_eq!(losses["at_fault_share"], 1.0);
    assert_eq!(losses["training"][0]["who"]["team"], "sales");
    assert_eq!(losses["training"][1]["who"]["agent"], "ana");
    let table = env.ok(&["report", "losses"]);
    assert!(
        table.contains("1 parted") && table.contains("checking coverage before signing"),
        "{table}"
    );
}

#[test]
fn a_whole_refusal_marks_the_customer_do_not_serve_without_follow_up() {
    let env = Env::new();
    env.ok(&["case", "open", "c-abuse", "--as", "ana"]);
    let verified = env.ok(&["case", "verify-facts", "case-0001", "--as", "ana"]);
    assert!(
        verified.contains("1 record(s)"),
        "the staff report is frozen:\n{verified}"
    );
    let wrong_ground = env.refused(&[
        "case",
        "approve-refusal",
        "case-0001",
        "--ground",
        "fraud_like_extraction",
        "--reason",
        "refund claims",
        "--as",
        "max",
        "--confirm",
    ]);
    assert!(
        wrong_ground.contains("`concession_abuse` signal"),
        "{wrong_ground}"
    );
    env.ok(&[
        "case",
        "approve-refusal",
        "case-0001",
        "--ground",
        "staff_abuse",
        "--reason",
        "threatened the courier",
        "--as",
        "max",
        "--confirm",
    ]);
    let status = env.ok(&["status-of", "c-abuse"]);
    assert!(
        status.contains("do_not_serve") && status.contains("approved by max"),
        "{status}"
    );
    let refusal = env.ok(&[
        "case",
        "send-refusal",
        "case-0001",
        "--as",
        "ana",
        "--confirm",
    ]);
    assert!(
        refusal.contains("Guten Tag Max Muster,"),
        "the refusal is in German:\n{refusal}"
    );
    assert!(refusal.contains("care@acme.example"), "{refusal}");
    let no_follow_up = env.refused(&[
        "case",
        "schedule-follow-up",
        "case-0001",
        "--as",
        "ana",
        "--date",
        "2099-01-01",
    ]);
    assert!(no_follow_up.contains("refusal_sent"), "{no_follow_up}");
    env.ok(&[
        "case",
        "post-mortem",
        "case-0001",
        "--root-cause",
        "abuse of staff",
        "--at-fault",
        "false",
        "--as",
        "ana",
    ]);
    env.ok(&["case", "close", "case-0001", "--as", "ana", "--confirm"]);
    let status = env.json(&["status-of", "c-abuse", "--format", "json"]);
    assert_eq!(status["status"], "do_not_serve");
    assert_eq!(status["ground"], "staff_abuse");
    assert_eq!(status["evidence"]["items"][0]["id"], "r-1");
    assert!(status.get("follow_up").is_none());
    assert_eq!(
        env.json(&["follow-ups", "--due", "2099-01-01", "--format", "json"]),
        Value::Array(vec![])
    );
}

#[test]
fn exit_terms_come_as_json_with_exact_amounts() {
    let env = Env::new();
    let as_of = today().to_string();
    let terms = env.json(&["exit-terms", "k-1", "--as-of", &as_of, "--format", "json"]);
    assert_eq!(terms["contract_id"], "k-1");
    assert_eq!(terms["months_elapsed"], 7);
    assert_eq!(terms["months_remaining"], 17);
    assert_eq!(terms["upfront_cost"], "12000.00");
    assert_eq!(terms["unamortized_upfront_cost"], "8500.00");
    assert_eq!(terms["exit_fee"], "8500.00");
    assert_eq!(terms["remaining_fees"], "16830.00");
    assert_eq!(terms["currency"], "CZK");
    assert_eq!(terms["recent_usage"]["days_with_use"], 0);
    let table = env.ok(&["exit-terms", "k-1", "--as-of", &as_of]);
    assert!(
        table.contains("12000.00 CZK × 17 / 24 = 8500.00 CZK"),
        "{table}"
    );
    let missing = env.refused(&["exit-terms", "k-404"]);
    assert!(missing.contains("not found"), "{missing}");
}

#[test]
fn scripts_render_in_the_customers_language_or_the_one_asked_for() {
    let env = Env::new();
    let czech = env.ok(&[
        "script",
        "offer_exit",
        "--customer",
        "c-part",
        "--as",
        "ana",
    ]);
    assert!(
        czech.contains("uplynulo z ní 7 měsíců a zbývá 17 měsíců"),
        "{czech}"
    );
    assert!(czech.contains("8\u{a0}500,00\u{a0}Kč"), "{czech}");
    let english = env.ok(&[
        "script",
        "offer_exit",
        "--customer",
        "c-part",
        "--as",
        "ana",
        "--lang",
        "en",
    ]);
    assert!(
        english.contains("7 months have passed and 17 months remain"),
        "{english}"
    );
    let missing = env.refused(&[
        "script",
        "acknowledge",
        "--customer",
        "c-part",
        "--as",
        "ana",
    ]);
    assert!(missing.contains("--topic"), "{missing}");
    let unknown = env.refused(&["script", "goodbye", "--customer", "c-part", "--as", "ana"]);
    assert!(unknown.contains("acknowledge, pause"), "{unknown}");
}

#[test]
fn only_an_admin_changes_staff_once_there_is_one() {
    let env = Env::new();
    env.ok(&[
        "staff",
        "add",
        "ada",
        "--name",
        "Ada Admin",
        "--role",
        "admin",
    ]);
    let anyone = env.refused(&["staff", "add", "bo", "--name", "Bo", "--role", "agent"]);
    assert!(anyone.contains("--as ADMIN_ID"), "{anyone}");
    let manager = env.refused(&[
        "staff", "add", "bo", "--name", "Bo", "--role", "agent", "--as", "max",
    ]);
    assert!(manager.contains("only an admin"), "{manager}");
    env.ok(&[
        "staff", "add", "bo", "--name", "Bo", "--role", "agent", "--as", "ada",
    ]);
    assert!(env.ok(&["staff", "list"]).contains("Bo"));
}
