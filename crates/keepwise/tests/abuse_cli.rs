//! `keepwise abuse` end to end: JSON Lines in, verdicts with evidence out.

use assert_cmd::Command;
use std::io::Write;

fn keepwise() -> Command {
    Command::cargo_bin("keepwise").expect("the keepwise binary is built")
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("the output is JSON")
}

#[test]
fn json_lines_from_standard_input_give_one_verdict_per_message() {
    let input = concat!(
        "{\"id\": \"m1\", \"text\": \"this damn modem drops every evening\", \"lang\": \"en\"}\n",
        "{\"id\": \"m2\", \"text\": \"Váš kurýr je úplnej debil\", \"lang\": \"cs\"}\n",
        "{\"id\": \"m3\", \"text\": \"Я знаю, где живет ваш мастер.\"}\n",
        "\n",
        "{\"id\": 4, \"text\": \"Thank you, everything works now.\"}\n",
    );
    let out = keepwise()
        .args(["abuse", "--format", "json"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let items = v.as_array().expect("an array");
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["id"], "m1");
    assert_eq!(items[0]["level"], "profanity");
    assert_eq!(items[0]["abusive"], false);
    assert_eq!(items[1]["level"], "abuse");
    assert_eq!(items[1]["abusive"], true);
    assert_eq!(items[1]["lang"], "cs");
    assert_eq!(items[1]["categories"][0], "insult");
    let span = &items[1]["spans"][0];
    assert_eq!(span["text"], "debil");
    assert_eq!(span["category"], "insult");
    let text = "Váš kurýr je úplnej debil";
    let (start, end) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "debil");
    assert_eq!(items[2]["level"], "threat");
    assert_eq!(items[2]["lang"], "ru");
    assert_eq!(items[3]["id"], "4");
    assert_eq!(items[3]["level"], "none");
}

#[test]
fn one_message_with_text_and_a_language_hint() {
    let out = keepwise()
        .args([
            "abuse",
            "--text",
            "ty mudak, bolshe mne ne zvoni",
            "--lang",
            "ru",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v[0]["abusive"], true);
    assert_eq!(v[0]["id"], "text");
}

#[test]
fn the_table_shows_level_and_evidence() {
    let out = keepwise()
        .args(["abuse", "--text", "your courier is a useless idiot"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("abuse"), "{text}");
    assert!(
        text.contains("\"idiot\" (insult, aimed at a person)"),
        "{text}"
    );
}

#[test]
fn evaluate_prints_precision_and_recall_per_language_and_level() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        file,
        "{{\"id\": \"a\", \"lang\": \"en\", \"text\": \"you are an idiot\", \"level\": \"abuse\"}}"
    )
    .unwrap();
    writeln!(
        file,
        "{{\"id\": \"b\", \"lang\": \"en\", \"text\": \"thanks a lot\", \"level\": \"none\"}}"
    )
    .unwrap();
    writeln!(file, "{{\"id\": \"c\", \"lang\": \"de\", \"text\": \"Ich weiß, wo Ihr Techniker wohnt.\", \"level\": \"threat\"}}").unwrap();
    let path = file.path().to_str().unwrap().to_string();
    let out = keepwise()
        .args(["abuse", "--evaluate", &path, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["overall"]["messages"], 3);
    assert_eq!(v["overall"]["abusive"]["precision"], 1.0);
    assert_eq!(v["overall"]["abusive"]["recall"], 1.0);
    assert_eq!(v["languages"][0]["language"], "de");
    assert_eq!(v["languages"][1]["levels"]["none"]["recall"], 1.0);
    let table = keepwise()
        .args(["abuse", "--evaluate", &path])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(table).unwrap();
    assert!(
        table.contains("precision") && table.contains("threat"),
        "{table}"
    );
}

#[test]
fn a_malformed_line_names_the_line_and_the_expected_shape() {
    let out = keepwise()
        .args(["abuse"])
        .write_stdin("{\"text\": \"fine\"}\nnot json\n")
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("standard input line 2"), "{err}");
    assert!(err.contains("\"text\""), "{err}");
}
