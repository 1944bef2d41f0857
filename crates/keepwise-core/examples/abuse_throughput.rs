//! Single-thread throughput of the abuse detector on 100-byte and 1,000-byte
//! messages in all supported languages, mixed polite, frustrated, abusive and
//! threatening. Run with `bench/abuse/run.sh` (release build).

use keepwise_core::abuse::AbuseDetector;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// (customer language, sentence); mixed so every path of the detector runs.
const SENTENCES: &[(&str, &str)] = &[
    (
        "en",
        "Hi, my internet drops every evening since Monday, could someone please take a look at the line?",
    ),
    (
        "en",
        "this damn modem is a piece of shit, third outage this week, fix it",
    ),
    (
        "en",
        "Your courier is a useless idiot, he threw my parcel over the fence.",
    ),
    ("en", "I know where your technician lives."),
    (
        "cs",
        "Dobrý den, od pondělí mi každý večer vypadává internet, mohl by se na to někdo podívat?",
    ),
    (
        "cs",
        "Ten zasranej modem zase padá, kurva, dělejte s tím něco",
    ),
    ("cs", "vas kuryr je uplnej debil, hodil mi balik pres plot"),
    (
        "pl",
        "Dzień dobry, od poniedziałku co wieczór zrywa mi internet, proszę o sprawdzenie.",
    ),
    (
        "pl",
        "Wasz kurier to skończony idiota, rzucił paczkę przez płot.",
    ),
    (
        "ru",
        "Здравствуйте, с понедельника каждый вечер пропадает интернет, посмотрите пожалуйста.",
    ),
    ("ru", "Блядь, опять нет интернета, этот чертов роутер"),
    (
        "uk",
        "Доброго дня, з понеділка щовечора зникає інтернет, перевірте будь ласка.",
    ),
    ("uk", "Я знаю, де живе ваш майстер."),
    (
        "de",
        "Guten Tag, seit Montag bricht jeden Abend mein Internet ab, bitte prüfen Sie die Leitung.",
    ),
    (
        "de",
        "Der Techniker, den ihr geschickt habt, war ein kompletter Trottel",
    ),
];

/// Messages of about `size` bytes, built by repeating sentences of one language.
fn messages(size: usize) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for (i, &(lang, _)) in SENTENCES.iter().enumerate() {
        let mut text = String::new();
        let same_lang: Vec<&str> = SENTENCES
            .iter()
            .filter(|(l, _)| *l == lang)
            .map(|(_, s)| *s)
            .collect();
        let mut k = i;
        while text.len() < size {
            let s = same_lang[k % same_lang.len()];
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(s);
            k += 1;
        }
        let mut cut = size.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        out.push((text, lang));
    }
    out
}

/// CPU time this thread has run, from Linux's scheduler statistics; `None`
/// elsewhere. On a shared machine it gives the rate of one core, undisturbed
/// by other processes, where wall time would not.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn measure(detector: &AbuseDetector, size: usize) -> (f64, Option<f64>, f64) {
    let set = messages(size);
    let avg_bytes = set.iter().map(|(t, _)| t.len()).sum::<usize>() as f64 / set.len() as f64;
    // Warm up, then run for about two seconds.
    for (text, lang) in &set {
        black_box(detector.assess(text, Some(lang)));
    }
    let start = Instant::now();
    let cpu_start = thread_cpu_time();
    let mut count = 0u64;
    while start.elapsed() < Duration::from_secs(2) {
        for (text, lang) in &set {
            black_box(detector.assess(black_box(text), Some(lang)));
            count += 1;
        }
    }
    let wall = count as f64 / start.elapsed().as_secs_f64();
    let cpu = match (cpu_start, thread_cpu_time()) {
        (Some(a), Some(b)) if b > a => Some(count as f64 / (b - a).as_secs_f64()),
        _ => None,
    };
    (wall, cpu, avg_bytes)
}

fn main() {
    let built = Instant::now();
    let detector = AbuseDetector::new();
    println!(
        "lexicons compiled in {:.1} ms",
        built.elapsed().as_secs_f64() * 1e3
    );
    println!(
        "single thread, {} messages in 6 languages, mixed levels",
        SENTENCES.len()
    );
    for size in [100, 1000] {
        let (wall, cpu, avg) = measure(&detector, size);
        let cpu = cpu
            .map(|r| format!("{r:>10.0}"))
            .unwrap_or_else(|| "         -".into());
        println!(
            "{size:>5}-byte messages (avg {avg:.0} B): {cpu} messages/s per core of CPU time, {wall:>10.0} per second of wall time"
        );
    }
    println!("target: >= 50000 messages/s per core on 100-byte messages");
}
